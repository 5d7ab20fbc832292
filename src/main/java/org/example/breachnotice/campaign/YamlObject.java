package org.example.breachnotice.campaign;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read strictly: every value is fetched by key, every key that was never fetched
 * is reported as unknown, and every error names the file, the line and the full key path.
 */
public final class YamlObject {

	private final Path file;

	private final String path;

	private final Node node;

	private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

	private final Set<String> used = new LinkedHashSet<>();

	public YamlObject(Path file, String path, Node node) {
		this.file = file;
		this.path = path;
		this.node = node;
		if (!(node instanceof MappingNode mapping)) {
			throw error(node, "expected a mapping of keys to values");
		}
		for (NodeTuple tuple : mapping.getValue()) {
			String key = scalar(tuple.getKeyNode(), "a key");
			if (entries.put(key, tuple) != null) {
				throw error(tuple.getKeyNode(), "key '" + qualified(key) + "' appears twice");
			}
		}
	}

	public String requiredText(String key) {
		String value = optionalText(key, null);
		if (value == null || value.isBlank()) {
			throw missing(key);
		}
		return value;
	}

	public String optionalText(String key, String defaultValue) {
		Node value = value(key);
		if (value == null) {
			return defaultValue;
		}
		return scalar(value, qualified(key)).strip();
	}

	public LocalDate requiredDate(String key) {
		String text = requiredText(key);
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw error(value(key), "'" + qualified(key) + "' is '" + text
					+ "', which is not a date: write it as YYYY-MM-DD (for example 2025-11-25)");
		}
	}

	public int optionalInt(String key, int defaultValue, int min) {
		String text = optionalText(key, null);
		if (text == null) {
			return defaultValue;
		}
		try {
			int number = Integer.parseInt(text);
			if (number >= min) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below with the accepted range
		}
		throw error(value(key), "'" + qualified(key) + "' must be a whole number >= " + min + ", not '" + text + "'");
	}

	public double optionalShare(String key, double defaultValue) {
		String text = optionalText(key, null);
		if (text == null) {
			return defaultValue;
		}
		try {
			double share = Double.parseDouble(text);
			if (share >= 0 && share <= 1) {
				return share;
			}
		}
		catch (NumberFormatException ex) {
			// reported below with the accepted range
		}
		throw error(value(key), "'" + qualified(key) + "' must be a share between 0 and 1 (0.05 = 5%), not '" + text + "'");
	}

	/** A rate such as 12.5 (per second); 0 when absent, meaning no limit. */
	public double optionalRate(String key) {
		String text = optionalText(key, null);
		if (text == null) {
			return 0;
		}
		try {
			double rate = Double.parseDouble(text);
			if (rate >= 0) {
				return rate;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw error(value(key), "'" + qualified(key) + "' must be a number of messages per second >= 0, not '" + text + "'");
	}

	public boolean optionalBoolean(String key, boolean defaultValue) {
		String text = optionalText(key, null);
		if (text == null) {
			return defaultValue;
		}
		return switch (text) {
			case "true" -> true;
			case "false" -> false;
			default -> throw error(value(key), "'" + qualified(key) + "' must be true or false, not '" + text + "'");
		};
	}

	public YamlObject requiredObject(String key) {
		Node value = value(key);
		if (value == null) {
			throw missing(key);
		}
		return new YamlObject(file, qualified(key), value);
	}

	public YamlObject optionalObject(String key) {
		Node value = value(key);
		return value == null ? null : new YamlObject(file, qualified(key), value);
	}

	/** A non-empty list whose items are objects. */
	public List<YamlObject> requiredList(String key) {
		Node value = value(key);
		if (value == null) {
			throw missing(key);
		}
		if (!(value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
			throw error(value, "'" + qualified(key) + "' must be a non-empty list");
		}
		List<YamlObject> items = new ArrayList<>();
		for (int i = 0; i < sequence.getValue().size(); i++) {
			items.add(new YamlObject(file, qualified(key) + "[" + i + "]", sequence.getValue().get(i)));
		}
		return items;
	}

	/** A list of single values, e.g. {@code [BR, EU]}; empty when the key is absent. */
	public List<String> optionalTextList(String key) {
		Node value = value(key);
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof SequenceNode sequence)) {
			throw error(value, "'" + qualified(key) + "' must be a list, e.g. [a, b]");
		}
		return sequence.getValue().stream().map(item -> scalar(item, qualified(key)).strip()).toList();
	}

	/** Whether the key is present (a key the loader no longer takes, to say what replaced it). */
	public boolean has(String key) {
		return entries.containsKey(key);
	}

	/** A duration such as {@code 30s}, {@code 5m}, {@code 24h} or {@code 500ms}. */
	public java.time.Duration optionalDuration(String key, java.time.Duration defaultValue) {
		String text = optionalText(key, null);
		return text == null ? defaultValue : duration(value(key), qualified(key), text);
	}

	/** A non-empty list of durations, e.g. {@code [1m, 5m, 1h]}. */
	public List<java.time.Duration> optionalDurationList(String key, List<java.time.Duration> defaultValue) {
		Node value = value(key);
		if (value == null) {
			return defaultValue;
		}
		List<String> texts = optionalTextList(key);
		if (texts.isEmpty()) {
			throw error(value, "'" + qualified(key) + "' must be a non-empty list of durations, e.g. [1m, 5m, 1h]");
		}
		return texts.stream().map(text -> duration(value, qualified(key), text)).toList();
	}

	private java.time.Duration duration(Node node, String name, String text) {
		try {
			java.time.Duration duration = org.springframework.boot.convert.DurationStyle.SIMPLE.parse(text);
			if (!duration.isNegative() && !duration.isZero()) {
				return duration;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below with an example
		}
		throw error(node, "'" + name + "' must be a positive duration such as 30s, 5m, 24h or 500ms, not '" + text + "'");
	}

	/** Reads a whole YAML file as a mapping, with the file's errors named like every other. */
	public static YamlObject read(Path file) {
		if (!java.nio.file.Files.isRegularFile(file)) {
			throw new CampaignException(file + ": file not found");
		}
		try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
			org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
			options.setAllowDuplicateKeys(false);
			Node root = new org.yaml.snakeyaml.Yaml(options).compose(reader);
			if (root == null) {
				throw new CampaignException(file + ": the file is empty");
			}
			return new YamlObject(file, "", root);
		}
		catch (org.yaml.snakeyaml.error.MarkedYAMLException ex) {
			throw new CampaignException(file + ", line " + (ex.getProblemMark().getLine() + 1) + ": not valid YAML: " + ex.getProblem());
		}
		catch (org.yaml.snakeyaml.error.YAMLException ex) {
			// SnakeYAML's own limits: an alias bomb, nesting too deep, a document too large.
			throw new CampaignException(file + ": not accepted as a job file: " + ex.getMessage().lines().findFirst().orElse("")
					+ " (a job file needs no aliases of collections and little nesting)");
		}
		catch (java.io.IOException ex) {
			throw new CampaignException(file + ": cannot be read: " + ex.getMessage());
		}
	}

	/** The keys of this mapping, in file order. */
	public java.util.Set<String> keys() {
		return java.util.Collections.unmodifiableSet(entries.keySet());
	}

	/** All entries as text; used for maps whose keys the caller checks itself. */
	public Map<String, String> texts() {
		Map<String, String> texts = new LinkedHashMap<>();
		entries.keySet().forEach(key -> texts.put(key, requiredText(key)));
		return texts;
	}

	/** Fails on the first key that no accessor asked for: a typo must never be ignored silently. */
	public void rejectUnknownKeys() {
		for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
			if (!used.contains(entry.getKey())) {
				Set<String> known = new LinkedHashSet<>(used);
				throw error(entry.getValue().getKeyNode(), "unknown key '" + qualified(entry.getKey()) + "'"
						+ (known.isEmpty() ? "" : "; allowed keys here: " + String.join(", ", known)));
			}
		}
	}

	public CampaignException error(String key, String message) {
		Node at = value(key);
		return error(at == null ? node : at, "'" + qualified(key) + "' " + message);
	}

	public CampaignException error(Node at, String message) {
		int line = at.getStartMark().getLine() + 1;
		return new CampaignException(file + ", line " + line + ": " + message);
	}

	public String qualified(String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	private Node value(String key) {
		used.add(key);
		NodeTuple tuple = entries.get(key);
		return tuple == null ? null : tuple.getValueNode();
	}

	private CampaignException missing(String key) {
		return error(node, "missing required key '" + qualified(key) + "'");
	}

	private String scalar(Node value, String what) {
		if (value instanceof ScalarNode scalar) {
			return scalar.getValue();
		}
		throw error(value, "expected a single value for " + what);
	}

}
