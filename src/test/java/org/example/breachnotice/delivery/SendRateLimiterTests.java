package org.example.breachnotice.delivery;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The limiter on a test clock: deterministic, no sleeping, no timing of the machine. */
class SendRateLimiterTests {

	/** A clock that only moves when the limiter waits. */
	static final class FakeTicker implements SendRateLimiter.Ticker {

		long now = 1_000_000_000L;

		final List<Long> sends = new ArrayList<>();

		@Override
		public long nanos() {
			return now;
		}

		@Override
		public void sleep(long nanos) {
			now += nanos;
		}

	}

	@Test
	void aBurstIsHeldToTheLimitWithinTenPercentInEverySecond() throws Exception {
		FakeTicker ticker = new FakeTicker();
		SendRateLimiter limiter = new SendRateLimiter(50, 0, ticker);

		for (int i = 0; i < 500; i++) {
			limiter.acquire();
			ticker.sends.add(ticker.now);
		}

		double seconds = (ticker.sends.get(499) - ticker.sends.get(0)) / 1e9;
		assertThat(499 / seconds).isCloseTo(50, within(5.0));
		for (int i = 0; i + 50 < ticker.sends.size(); i++) {
			long window = ticker.sends.get(i + 50) - ticker.sends.get(i);
			assertThat(window).as("51 sends never fit in less than 0.9 s").isGreaterThanOrEqualTo(900_000_000L);
		}
	}

	@Test
	void anHourlyCapWaitsForTheOldestSendToLeaveTheHour() throws Exception {
		FakeTicker ticker = new FakeTicker();
		SendRateLimiter limiter = new SendRateLimiter(0, 100, ticker);
		long start = ticker.now;

		for (int i = 0; i < 100; i++) {
			limiter.acquire();
		}
		assertThat(ticker.now).as("no wait under the cap").isEqualTo(start);
		limiter.acquire();

		assertThat(ticker.now - start).isEqualTo(3_600_000_000_000L);
	}

	@Test
	void throttlingHalvesTheRateAndItRecoversGradually() throws Exception {
		FakeTicker ticker = new FakeTicker();
		SendRateLimiter limiter = new SendRateLimiter(40, 0, ticker);

		limiter.throttled();
		assertThat(limiter.currentRate()).isEqualTo(20);
		limiter.throttled();
		assertThat(limiter.currentRate()).isEqualTo(10);

		for (int i = 0; i < 20; i++) {
			limiter.acquire();
			limiter.accepted();
		}
		assertThat(limiter.currentRate()).isCloseTo(11, within(0.01));
		for (int i = 0; i < 400; i++) {
			limiter.acquire();
			limiter.accepted();
		}
		assertThat(limiter.currentRate()).as("never above the configured limit").isEqualTo(40);
	}

	@Test
	void anUnlimitedRunSlowsToHalfItsObservedRateWhenThrottled() throws Exception {
		FakeTicker ticker = new FakeTicker();
		SendRateLimiter limiter = new SendRateLimiter(0, 0, ticker);
		for (int i = 0; i < 101; i++) {
			limiter.acquire();
			ticker.now += 10_000_000L; // the relay takes 10 ms: 100 messages/s
		}

		limiter.throttled();

		assertThat(limiter.currentRate()).isCloseTo(50, within(1.0));
	}

	@Test
	void throttlingRepliesAreRecognized() {
		assertThat(SendRateLimiter.isThrottling(421, "421 4.3.2 Service not available, closing channel")).isTrue();
		assertThat(SendRateLimiter.isThrottling(451, "451 4.7.1 Try again later")).isTrue();
		assertThat(SendRateLimiter.isThrottling(450, "450 Rate exceeded for this sender")).isTrue();
		assertThat(SendRateLimiter.isThrottling(452, "452 4.2.2 Mailbox busy, separate issue")).isFalse();
	}

}
