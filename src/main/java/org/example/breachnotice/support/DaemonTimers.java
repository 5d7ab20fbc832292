package org.example.breachnotice.support;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Background timers that never keep the JVM alive: a command exits when its work is done. */
public final class DaemonTimers {

	private DaemonTimers() {
	}

	/** A single-thread scheduler whose thread is a daemon with this name (it shows in thread dumps). */
	public static ScheduledExecutorService named(String name) {
		return Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

}
