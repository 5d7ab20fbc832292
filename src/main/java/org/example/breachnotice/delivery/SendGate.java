package org.example.breachnotice.delivery;

import org.example.breachnotice.campaign.RunParameters;

/** What the send step asks before and during a batch: may one more go, and was a stop requested. */
public interface SendGate {

	/** May one more notice be sent? Counts it when yes (wave caps). */
	boolean admit();

	/** Was a stop requested? Does not count anything. The partition then ends after the notices it admitted. */
	boolean stopping();

	/**
	 * Must the notices already admitted be left PENDING, the message in flight being the last? Yes
	 * after an operator's stop or when the send window closed; not when only the wave's cap was
	 * reached: those notices are counted in it.
	 */
	boolean abandonAdmitted();

	/** Opens the gate of one job execution's send, from its parameters (a wave's cap and window). */
	interface Opener {

		SendGate open(RunParameters run);

	}

}
