package org.example.breachnotice.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM handling for long commands: the hook asks the work to stop, then waits until the
 * command has recorded the outcome and closed the database, so the JVM exits cleanly.
 */
final class GracefulStop implements AutoCloseable {

	private final CountDownLatch closed = new CountDownLatch(1);

	private final Thread hook;

	GracefulStop(Runnable requestStop) {
		hook = new Thread(() -> {
			requestStop.run();
			try {
				closed.await(120, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "graceful-stop");
		Runtime.getRuntime().addShutdownHook(hook);
	}

	/** Call after the session is closed. */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// shutting down already: the hook is waiting for us
		}
		closed.countDown();
	}

}
