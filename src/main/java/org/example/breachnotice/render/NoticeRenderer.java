package org.example.breachnotice.render;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.outbox.NoticeType;

/**
 * Renders notices from the templates folder: for each notice type and locale,
 * {@code <type>.<locale>.subject.ftl}, {@code <type>.<locale>.txt.ftl} and
 * {@code <type>.<locale>.ftlh} (HTML, auto-escaped). FreeMarker is locked down: no {@code ?new},
 * no {@code ?api}, no class loading, data exposed only as strings, lists and maps, and a missing
 * variable is an error rather than an empty string.
 */
public class NoticeRenderer {

	private final Path folder;

	private final Configuration freemarker;

	private final Map<String, String> templateHashes = new ConcurrentHashMap<>();

	public NoticeRenderer(Path folder) {
		this.folder = folder;
		this.freemarker = new Configuration(Configuration.VERSION_2_3_34);
		try {
			freemarker.setDirectoryForTemplateLoading(folder.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Templates folder " + folder + " cannot be read", ex);
		}
		freemarker.setDefaultEncoding("UTF-8");
		freemarker.setLocalizedLookup(false);
		freemarker.setRecognizeStandardFileExtensions(true);
		freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		freemarker.setAPIBuiltinEnabled(false);
		freemarker.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
		freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		freemarker.setLogTemplateExceptions(false);
		freemarker.setWrapUncheckedExceptions(true);
		freemarker.setFallbackOnNullLoopVariable(false);
	}

	/** The three files of one notice type and locale, in the order their hashes are combined. */
	public List<Path> files(NoticeType type, String locale) {
		String base = type.templateName() + "." + locale;
		return List.of(folder.resolve(base + ".subject.ftl"), folder.resolve(base + ".ftlh"), folder.resolve(base + ".txt.ftl"));
	}

	/** Every template file with its SHA-256, for the ledger's run-started entry. */
	public Map<String, String> hashesOfAllFiles() {
		Map<String, String> hashes = new LinkedHashMap<>();
		for (NoticeType type : NoticeType.values()) {
			for (String locale : Campaign.LOCALES) {
				for (Path file : files(type, locale)) {
					hashes.put(folder.relativize(file).toString(), Files.isRegularFile(file) ? Hashes.sha256(file) : "missing");
				}
			}
		}
		return hashes;
	}

	public RenderedNotice render(NoticeType type, String locale, Map<String, Object> model) throws TemplateException, IOException {
		String base = type.templateName() + "." + locale;
		String subject = process(base + ".subject.ftl", model);
		String html = process(base + ".ftlh", model);
		String text = process(base + ".txt.ftl", model);
		// A subject is one header line: collapse whatever a template or value put in it.
		subject = subject.replaceAll("\\s+", " ").strip();
		String templateHash = templateHashes.computeIfAbsent(base, key -> Hashes.sha256(
				String.join("\n", files(type, locale).stream().map(Hashes::sha256).toList())));
		String contentHash = Hashes.sha256(subject + "\u0000" + html + "\u0000" + text);
		return new RenderedNotice(subject, html, text, templateHash, contentHash);
	}

	private String process(String name, Map<String, Object> model) throws TemplateException, IOException {
		Template template = freemarker.getTemplate(name);
		StringWriter out = new StringWriter();
		template.process(model, out);
		return out.toString();
	}

}
