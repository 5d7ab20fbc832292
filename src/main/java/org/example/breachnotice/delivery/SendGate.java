package org.example.breachnotice.delivery;

/** What the send step asks before and during a batch: may one more go, and was a stop requested. */
public interface SendGate {

	/** May one more notice be sent? Counts it when yes (wave caps). */
	boolean admit();

	/** Was a stop requested? Does not count anything. */
	boolean stopping();

}
