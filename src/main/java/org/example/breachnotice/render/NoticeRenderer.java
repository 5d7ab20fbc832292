package org.example.breachnotice.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import freemarker.core.InvalidReferenceException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.apache.commons.io.output.StringBuilderWriter;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.outbox.NoticeType;

/**
 * Renders notices from the templates folder: for each notice type and locale,
 * {@code <type>.<locale>.subject.ftl}, {@code <type>.<locale>.txt.ftl} and
 * {@code <type>.<locale>.ftlh} (HTML, auto-escaped), optionally per jurisdiction variant. FreeMarker is locked down: no {@code ?new},
 * no {@code ?api}, no class loading, data exposed only as strings, lists and maps, and a missing
 * variable is an error rather than an empty string.
 */
public class NoticeRenderer {

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final Path folder;

	private final Configuration freemarker;

	private final Map<String, String> templateHashes = new ConcurrentHashMap<>();

	private final Map<String, Boolean> variantExists = new ConcurrentHashMap<>();

	/** The Subjects rendered, by template and facts: the same for every notice of a campaign and locale. */
	private final Map<SubjectKey, String> subjects = new ConcurrentHashMap<>();

	private record SubjectKey(String base, Map<String, Object> facts) {
	}

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

	/**
	 * The three files of a template: {@code <type>.<locale>[.<variant>]} with the extensions
	 * {@code .subject.ftl}, {@code .ftlh} and {@code .txt.ftl}, in the order their hashes combine.
	 * A variant is a jurisdiction code ({@code US-MA}) whose rules the base template cannot meet.
	 */
	public List<Path> files(NoticeType type, String locale, String variant) {
		return files(baseName(type, locale, variant));
	}

	private List<Path> files(String base) {
		return List.of(folder.resolve(base + ".subject.ftl"), folder.resolve(base + ".ftlh"), folder.resolve(base + ".txt.ftl"));
	}

	public static String baseName(NoticeType type, String locale, String variant) {
		return type.templateName() + "." + locale + (variant == null ? "" : "." + variant);
	}

	/** The variant that serves a recipient in these jurisdictions: the first that has its own files, else none. */
	public String variantFor(NoticeType type, String locale, Collection<String> jurisdictions) {
		return jurisdictions.stream().sorted().filter(j -> hasVariant(type, locale, j)).findFirst().orElse(null);
	}

	public boolean hasVariant(NoticeType type, String locale, String variant) {
		return variantExists.computeIfAbsent(baseName(type, locale, variant),
				name -> files(type, locale, variant).stream().allMatch(Files::isRegularFile));
	}

	/** The variants present in the folder, e.g. {@code US-MA}, in name order. */
	public SortedSet<String> variants() {
		SortedSet<String> variants = new TreeSet<>();
		try (Stream<Path> list = Files.list(folder)) {
			list.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".ftlh")).forEach(name -> {
				String[] parts = name.substring(0, name.length() - ".ftlh".length()).split("\\.");
				if (parts.length == 3) {
					variants.add(parts[2]);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the templates folder " + folder, ex);
		}
		return variants;
	}

	/** Every template file with its SHA-256, for the ledger's run-started entry and approvals. */
	public Map<String, String> hashesOfAllFiles() {
		Map<String, String> hashes = new TreeMap<>();
		try (Stream<Path> list = Files.list(folder)) {
			list.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".ftl") || path.toString().endsWith(".ftlh"))
				.forEach(path -> hashes.put(path.getFileName().toString(), Hashes.sha256(path)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the templates folder " + folder, ex);
		}
		for (String locale : Campaign.LOCALES) {
			List<String> required = new ArrayList<>(List.of(substituteName(locale)));
			for (NoticeType type : NoticeType.values()) {
				required.add(baseName(type, locale, null));
			}
			required.stream().flatMap(base -> files(base).stream())
				.forEach(file -> hashes.putIfAbsent(file.getFileName().toString(), "missing"));
		}
		return hashes;
	}

	public RenderedNotice render(NoticeType type, String locale, Map<String, Object> model) throws TemplateException, IOException {
		return render(type, locale, null, model);
	}

	public RenderedNotice render(NoticeType type, String locale, String variant, Map<String, Object> model)
			throws TemplateException, IOException {
		return render(baseName(type, locale, variant), model, true);
	}

	/** The same notice, rendered to be sent: the same text, without the record of its slots (only preflight reads them). */
	public RenderedNotice renderToSend(NoticeType type, String locale, String variant, Map<String, Object> model)
			throws TemplateException, IOException {
		return render(baseName(type, locale, variant), model, false);
	}

	/**
	 * The public notice for those who could not be notified directly, {@code substitute.<locale>.*},
	 * rendered with {@link NoticeModel#facts}: no recipient is reachable from it.
	 */
	public RenderedNotice renderSubstitute(String locale, Map<String, Object> facts) throws TemplateException, IOException {
		return render(substituteName(locale), facts, true);
	}

	public static String substituteName(String locale) {
		return "substitute." + locale;
	}

	private RenderedNotice render(String base, Map<String, Object> model, boolean recordSlots)
			throws TemplateException, IOException {
		Map<String, Object> facts = new HashMap<>(model);
		facts.keySet().removeAll(NoticeModel.DATA_KEYS);
		SubjectKey subjectKey = new SubjectKey(base, facts);
		String subject = subjects.get(subjectKey);
		if (subject == null) {
			// A subject is one header line: collapse whatever a template or value put in it.
			subject = WHITESPACE.matcher(subject(base + ".subject.ftl", facts)).replaceAll(" ").strip();
			subjects.put(subjectKey, subject);
		}
		SlotRecorder htmlSlots = recordSlots ? SlotRecorder.recording() : SlotRecorder.passingThrough();
		String html = process(base + ".ftlh", model, htmlSlots);
		SlotRecorder textSlots = recordSlots ? SlotRecorder.recording() : SlotRecorder.passingThrough();
		String text = process(base + ".txt.ftl", model, textSlots);
		String templateHash = templateHashes.computeIfAbsent(base, key -> Hashes.sha256(
				String.join("\n", files(base).stream().map(Hashes::sha256).toList())));
		String contentHash = Hashes.sha256(subject, html, text);
		return new RenderedNotice(base, subject, html, text, templateHash, contentHash, htmlSlots.uses(), textSlots.uses());
	}

	/**
	 * The Subject is rendered from the campaign's facts alone: a recipient's or organization's name
	 * there would be the headline of a message we sign, and the data is the attacker's.
	 */
	private String subject(String name, Map<String, Object> facts) throws TemplateException, IOException {
		try {
			return process(name, facts, SlotRecorder.passingThrough());
		}
		catch (InvalidReferenceException ex) {
			String blamed = String.valueOf(ex.getBlamedExpressionString());
			if (NoticeModel.DATA_KEYS.stream().noneMatch(key -> blamed.equals(key) || blamed.startsWith(key + "."))) {
				throw ex;
			}
			throw new TemplateException(name + " uses " + blamed + ": a Subject holds no recipient or organization data "
					+ "(a data value there would read as our own words). Show it in the body, and keep the subject to the "
					+ "campaign's facts.", null, null);
		}
	}

	private String process(String name, Map<String, Object> model, SlotRecorder slots) throws TemplateException, IOException {
		Template template = freemarker.getTemplate(name);
		Map<String, Object> withSlots = new HashMap<>(model);
		withSlots.put("slot", slots);
		// Not StringWriter: its StringBuffer locks on every write (4% of the send threads' CPU at 1M); a part is a few KB.
		StringBuilderWriter out = new StringBuilderWriter(8192);
		template.process(withSlots, out);
		return out.toString();
	}

}
