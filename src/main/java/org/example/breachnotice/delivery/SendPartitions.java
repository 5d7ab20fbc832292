package org.example.breachnotice.delivery;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import org.example.breachnotice.outbox.PartitionKeys;

/**
 * Splits the outbox's {@link PartitionKeys} (a hash of the recipient) into contiguous ranges,
 * one per SMTP connection, holding about the same number of pending notices each: the step
 * lasts as long as its largest partition, and equal key ranges differ by a few percent in
 * notices (more with few notices per key).
 */
class SendPartitions implements Partitioner {

	/** The first and last partition key of a partition, in its step execution context. */
	static final String FROM_KEY = "fromKey", TO_KEY = "toKey";

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
			weights = new long[PartitionKeys.COUNT];
			Arrays.fill(weights, 1);
			total = PartitionKeys.COUNT;
		}
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		int size = Math.max(1, Math.min(gridSize, PartitionKeys.COUNT));
		int from = 0;
		long cumulative = 0;
		for (int i = 0; i < size; i++) {
			int to = from;
			cumulative += weights[from];
			// Take keys until this partition's share is reached, leaving at least one key for each later one.
			long share = total * (i + 1) / size;
			int last = i == size - 1 ? PartitionKeys.COUNT - 1 : PartitionKeys.COUNT - (size - i);
			while (to < last && (i == size - 1 || cumulative + weights[to + 1] / 2 < share)) {
				cumulative += weights[++to];
			}
			ExecutionContext context = new ExecutionContext();
			context.putInt(FROM_KEY, from);
			context.putInt(TO_KEY, to);
			partitions.put("partition" + i, context);
			from = to + 1;
		}
		return partitions;
	}

}
