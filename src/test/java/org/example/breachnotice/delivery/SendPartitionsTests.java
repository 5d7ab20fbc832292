package org.example.breachnotice.delivery;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import org.example.breachnotice.outbox.PartitionKeys;

import static org.assertj.core.api.Assertions.assertThat;

class SendPartitionsTests {

	@Test
	void rangesAreContiguousCoverEveryKeyAndHoldAboutTheSameNumberOfNotices() {
		Random random = new Random(7);
		long[] pending = new long[PartitionKeys.COUNT];
		for (int i = 0; i < 3000; i++) {
			// skewed on purpose: the low keys hold most notices
			pending[(int) Math.min(PartitionKeys.COUNT - 1, Math.abs(random.nextGaussian()) * 200)]++;
		}
		Map<String, ExecutionContext> partitions = new SendPartitions(() -> pending).partition(8);

		assertThat(partitions).hasSize(8);
		int next = 0;
		for (ExecutionContext context : partitions.values()) {
			assertThat(context.getInt("fromKey")).isEqualTo(next);
			assertThat(context.getInt("toKey")).isGreaterThanOrEqualTo(context.getInt("fromKey"));
			long notices = 0;
			for (int key = context.getInt("fromKey"); key <= context.getInt("toKey"); key++) {
				notices += pending[key];
			}
			// 375 each when perfectly even; a key holds at most a few dozen here
			assertThat(notices).isBetween(375L - 40, 375L + 40);
			next = context.getInt("toKey") + 1;
		}
		assertThat(next).isEqualTo(PartitionKeys.COUNT);
	}

	@Test
	void withNothingPendingTheKeysAreSplitEvenlyAndMorePartitionsThanKeysAreCapped() {
		Map<String, ExecutionContext> four = new SendPartitions(() -> new long[PartitionKeys.COUNT]).partition(4);
		assertThat(four.values()).extracting(c -> c.getInt("toKey") - c.getInt("fromKey") + 1).containsOnly(256);

		long[] one = new long[PartitionKeys.COUNT];
		one[5] = 10;
		Map<String, ExecutionContext> many = new SendPartitions(() -> one).partition(5000);
		assertThat(many).hasSize(PartitionKeys.COUNT);
		assertThat(many.values()).allSatisfy(c -> assertThat(c.getInt("toKey")).isEqualTo(c.getInt("fromKey")));
	}

}
