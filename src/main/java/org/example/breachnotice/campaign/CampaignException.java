package org.example.breachnotice.campaign;

/** A job file that cannot be used; the message names the file, the line where known, and the key. */
public class CampaignException extends RuntimeException {

	public CampaignException(String message) {
		super(message);
	}

}
