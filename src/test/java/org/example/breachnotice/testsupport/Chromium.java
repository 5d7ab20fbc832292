package org.example.breachnotice.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Headless Chromium, as a reader's browser: CI installs Debian's chromium; a machine without it skips this check only. */
public final class Chromium {

	private Chromium() {
	}

	/** Renders the page into {@code folder}/page.png and checks it is a rendered page, not a blank one. */
	public static void screenshot(Path page, Path folder) throws Exception {
		assumeThat(new File("/usr/bin/chromium")).as("headless Chromium (Debian package chromium)").exists();
		Path png = folder.resolve("page.png");
		Process chromium = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + folder.resolve("chromium"), "--window-size=1200,1600", "--screenshot=" + png,
				page.toUri().toString()).redirectErrorStream(true).redirectOutput(folder.resolve("chromium.log").toFile()).start();
		assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).isTrue();
		assertThat(png).exists();
		assertThat(Files.size(png)).as("a rendered page, not a blank one").isGreaterThan(20_000);
	}

}
