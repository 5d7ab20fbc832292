package org.example.breachnotice.ledger;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Walks the chain from the first entry and names the first entry that was changed, removed or
 * reordered. It recomputes each hash from the stored payload, checks that the columns agree with
 * the payload, that each entry links to the one before, that no sequence number is missing and
 * that the head row points at the last entry (which catches a truncated tail).
 * <p>
 * An insider can recompute every hash after an edit, so that the chain alone proves nothing
 * against them: given the anchor file and the public key, it also checks that each signed
 * checkpoint verifies and that the ledger still has, at each checkpoint's length, the head hash
 * that was signed (a rewrite, an insertion or a removal before it changes that hash; a shorter
 * ledger, or one restored to an older state, lacks entries a checkpoint covers).
 */
@Component
public class LedgerVerifier {

	private final LedgerStore store;

	private final RecipientHmac hmac;

	private final JdbcTemplate jdbc;

	private final Checkpoints checkpoints;

	public LedgerVerifier(LedgerStore store, RecipientHmac hmac, JdbcTemplate jdbc, Checkpoints checkpoints) {
		this.store = store;
		this.hmac = hmac;
		this.jdbc = jdbc;
		this.checkpoints = checkpoints;
	}

	/**
	 * @param checkpoints how many signed checkpoints were checked (0: the chain alone)
	 * @param unanchored entries after the last checkpoint, which only the chain protects
	 */
	public record Result(boolean valid, long entries, String headHash, String problem, int checkpoints, long unanchored) {
	}

	/**
	 * The chain and the checkpoints this state folder wrote, against its own signing key: what a
	 * run and the report show. Against an insider who can replace both, compliance checks with its
	 * own copies ({@link #verify(List, PublicKey)}).
	 */
	public Result verify() {
		return verify(checkpoints.anchors().read(), checkpoints.key().pair().getPublic());
	}

	/**
	 * The chain and the signed checkpoints of an anchor file, against the public key that should
	 * have signed them (never the key from the database).
	 */
	public Result verify(List<Checkpoint> checkpoints, PublicKey key) {
		String problem = checkSignatures(checkpoints, key);
		Map<Long, Checkpoint> bySeq = new HashMap<>();
		checkpoints.forEach(c -> bySeq.put(c.entries(), c));
		Result chain = walk(bySeq);
		if (problem == null) {
			problem = chain.problem();
		}
		long signed = checkpoints.stream().mapToLong(Checkpoint::entries).max().orElse(0);
		if (problem == null && signed > chain.entries()) {
			Checkpoint latest = checkpoints.stream().filter(c -> c.entries() == signed).findFirst().orElseThrow();
			problem = "the ledger has " + chain.entries() + " entries but checkpoint #" + latest.number() + " (signed "
					+ latest.signedAt() + ") covers " + signed + ": entries were removed, or the database was restored to an"
					+ " older state";
		}
		return new Result(problem == null, chain.entries(), chain.headHash(), problem, checkpoints.size(),
				Math.max(0, chain.entries() - signed));
	}

	private static String checkSignatures(List<Checkpoint> checkpoints, PublicKey key) {
		long previousEntries = 0;
		for (int i = 0; i < checkpoints.size(); i++) {
			Checkpoint c = checkpoints.get(i);
			if (!c.verifies(key)) {
				return "checkpoint #" + c.number() + " (line " + (i + 1) + " of the anchor file) does not verify with key "
						+ Ed25519.keyId(key) + ": the anchor file was edited, or it was signed by key " + c.keyId();
			}
			if (c.number() != i + 1) {
				return "the anchor file's line " + (i + 1) + " is checkpoint #" + c.number() + ": checkpoints were removed from it";
			}
			if (i > 0 && c.entries() == previousEntries && !c.headHash().equals(checkpoints.get(i - 1).headHash())) {
				return "checkpoints #" + (i) + " and #" + c.number() + " sign different heads for the same " + c.entries()
						+ " entries: the ledger was rewritten between them";
			}
			if (c.entries() < previousEntries) {
				return "checkpoint #" + c.number() + " covers " + c.entries() + " entries, fewer than the one before ("
						+ previousEntries + "): the ledger was rolled back and signed again";
			}
			previousEntries = c.entries();
		}
		return null;
	}

	private Result walk(Map<Long, Checkpoint> checkpointsBySeq) {
		State state = new State();
		store.forEach(null, entry -> {
			if (state.problem == null) {
				state.problem = check(entry, state);
				Checkpoint signed = checkpointsBySeq.get(entry.seq());
				if (state.problem == null && signed != null && !signed.headHash().equals(entry.entryHash())) {
					state.problem = "entry " + entry.seq() + " is not the one checkpoint #" + signed.number() + " signed at "
							+ signed.signedAt() + ": the ledger up to entry " + entry.seq() + " was rewritten (entries changed,"
							+ " inserted or removed, and the hashes recomputed)";
				}
				state.count++;
				state.lastSeq = entry.seq();
				state.lastHash = entry.entryHash();
			}
		});
		if (state.problem == null) {
			Map<String, Object> head = jdbc.queryForMap("SELECT seq, entry_hash FROM ledger_head WHERE id = 1");
			long headSeq = ((Number) head.get("seq")).longValue();
			if (headSeq != state.lastSeq || !Objects.equals(head.get("entry_hash"), state.lastHash)) {
				state.problem = "the ledger head points at entry " + headSeq + " but the last entry is " + state.lastSeq
						+ ": entries after " + state.lastSeq + " were removed, or the head was changed";
			}
		}
		return new Result(state.problem == null, state.count, state.lastHash, state.problem, 0, state.count);
	}

	private String check(LedgerEntry entry, State state) {
		long expected = state.lastSeq + 1;
		if (entry.seq() != expected) {
			return "entry " + expected + " is missing (the next stored entry is " + entry.seq() + "): it was removed";
		}
		if (!entry.prevHash().equals(state.lastHash)) {
			return "entry " + entry.seq() + " does not link to entry " + state.lastSeq
					+ ": an entry was replaced, removed or reordered at this point";
		}
		// The payload is {"fields":{...},<the columns, canonical>}: a changed column breaks the suffix.
		String columns = CanonicalJson.write(Ledger.payload(entry.seq(), entry.incidentId(), entry.type(),
				entry.recordedAt(), entry.recipientHmac(), null));
		String suffix = "," + columns.substring(columns.indexOf(",\"incident\"") + 1);
		if (!entry.payload().startsWith("{\"fields\":") || !entry.payload().endsWith(suffix)
				|| !Ledger.chain(entry.prevHash(), entry.payload()).equals(entry.entryHash())) {
			return "entry " + entry.seq() + " (" + entry.type() + ") was changed: its content does not match its hash";
		}
		if (entry.recipientEmail() != null && !hmac.of(entry.recipientEmail()).equals(entry.recipientHmac())) {
			return "entry " + entry.seq() + " (" + entry.type() + ") was changed: the stored address does not match its HMAC"
					+ " (or " + RecipientHmac.KEY_VARIABLE + " is not the key the ledger was written with)";
		}
		return null;
	}

	private static final class State {

		long lastSeq;

		String lastHash = Ledger.GENESIS;

		long count;

		String problem;

	}

}
