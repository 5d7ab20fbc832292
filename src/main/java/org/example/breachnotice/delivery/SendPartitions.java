package org.example.breachnotice.delivery;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the outbox's partition keys (0..1023, a hash of the recipient) into contiguous ranges,
 * one per SMTP connection, holding about the same number of pending notices each: the step
 * lasts as long as its largest partition, and equal key ranges differ by a few percent in
 * notices (more with few notices per key).
 */
class SendPartitions implements Partitioner {

	static final int KEYS = 1024;

	/** Pending notices per partition key, read when the step starts. */
	private final Supplier<long[]> pendingPerKey;

	SendPartitions(Supplier<long[]> pendingPerKey) {
		this.pendingPerKey = pendingPerKey;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		long[] weights = pendingPerKey.get();
		long total = Arrays.stream(weights).sum();
		if (total == 0) {
			weights = new long[KEYS];
			Arrays.fill(weights, 1);
			total = KEYS;
		}
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		int size = Math.max(1, Math.min(gridSize, KEYS));
		int from = 0;
		long cumulative = 0;
		for (int i = 0; i < size; i++) {
			int to = from;
			cumulative += weights[from];
			// Take keys until this partition's share is reached, leaving at least one key for each later one.
			long share = total * (i + 1) / size;
			int last = i == size - 1 ? KEYS - 1 : KEYS - (size - i);
			while (to < last && (i == size - 1 || cumulative + weights[to + 1] / 2 < share)) {
				cumulative += weights[++to];
			}
			ExecutionContext context = new ExecutionContext();
			context.putInt("fromKey", from);
			context.putInt("toKey", to);
			partitions.put("partition" + i, context);
			from = to + 1;
		}
		return partitions;
	}

}
