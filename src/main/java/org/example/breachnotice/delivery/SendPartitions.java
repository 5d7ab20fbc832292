package org.example.breachnotice.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the outbox's partition keys (0..1023, a hash of the recipient) into contiguous ranges,
 * one per SMTP connection.
 */
class SendPartitions implements Partitioner {

	static final int KEYS = 1024;

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		int size = Math.max(1, Math.min(gridSize, KEYS));
		for (int i = 0; i < size; i++) {
			ExecutionContext context = new ExecutionContext();
			context.putInt("fromKey", i * KEYS / size);
			context.putInt("toKey", (i + 1) * KEYS / size - 1);
			partitions.put("partition" + i, context);
		}
		return partitions;
	}

}
