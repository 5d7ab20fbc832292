package org.example.breachnotice.outbox;

/**
 * The space of partition keys: every recipient's rows and notices carry the key of their address,
 * so that the dedupe works one range of keys at a time and the send step splits the outbox by key.
 */
public final class PartitionKeys {

	/** Keys 0 to COUNT - 1. */
	public static final int COUNT = 1024;

	private PartitionKeys() {
	}

	/** The key of a recipient, from the normalized address (ingest's e-mail key). */
	public static int of(String emailKey) {
		return Math.floorMod(emailKey.hashCode(), COUNT);
	}

}
