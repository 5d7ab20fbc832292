package org.example.breachnotice.delivery;

import org.example.breachnotice.campaign.RunParameters;

/** What the send step asks before and during a batch: may one more go, and was a stop requested. */
public interface SendGate {

	/** May one more notice be sent? Counts it when yes (wave caps). */
	boolean admit();

	/** Was a stop requested? Does not count anything. */
	boolean stopping();

	/** Opens the gate of one job execution's send, from its parameters (a wave's cap and window). */
	interface Opener {

		SendGate open(RunParameters run);

	}

}
