package com.treasurybatch.launcher.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads the schedule files ({@code schedules/*.yaml}, packaged on the classpath, or any Spring resource pattern
 * given by {@code treasury.schedules.location}). Each file holds one schedule, named by the file name without
 * {@code .yaml}: {@code job} (the Spring Batch job it starts; several schedules may start one job), {@code cron},
 * {@code zone}, {@code misfire}, {@code enabled}, {@code parameters}.
 */
public final class ScheduleFiles {

	private static final Set<String> KEYS = Set.of("job", "cron", "zone", "misfire", "enabled", "parameters");

	private final YAMLMapper yaml = new YAMLMapper();

	private final String location;

	private final ZoneId defaultZone;

	/**
	 * @param location a Spring resource pattern, e.g. {@code classpath*:schedules/*.yaml}
	 * @param defaultZone the zone of a file that names none: the business zone ({@code treasury.zone})
	 */
	public ScheduleFiles(String location, ZoneId defaultZone) {
		this.location = location;
		this.defaultZone = defaultZone;
	}

	/**
	 * Loads every file, sorted by schedule name.
	 * @throws IllegalArgumentException for a malformed file, a file name that is not kebab-case {@code .yaml}, or
	 * two files of the same name in different places (the message names the file)
	 * @throws UncheckedIOException if the files cannot be read
	 */
	public List<ScheduleDefinition> load() {
		List<ScheduleDefinition> definitions = new ArrayList<>();
		Set<String> names = new HashSet<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(this.location)) {
				ScheduleDefinition definition = read(resource);
				if (!names.add(definition.name())) {
					throw new IllegalArgumentException(resource.getDescription() + ": a schedule named "
							+ definition.name() + " is already defined by another file; schedule names are unique");
				}
				definitions.add(definition);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read schedule files at " + this.location, ex);
		}
		definitions.sort(Comparator.comparing(ScheduleDefinition::name));
		return definitions;
	}

	private ScheduleDefinition read(Resource resource) throws IOException {
		String source = resource.getFilename();
		if (source == null || !source.endsWith(".yaml")) {
			throw new IllegalArgumentException(resource.getDescription() + ": a schedule file is NAME.yaml");
		}
		String name = source.substring(0, source.length() - ".yaml".length());
		JsonNode root;
		try (InputStream in = resource.getInputStream()) {
			root = this.yaml.readTree(in);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(source + ": not valid YAML: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException(source + ": expected a mapping with job, cron, zone, ...");
		}
		for (String key : root.propertyNames()) {
			if (!KEYS.contains(key)) {
				throw new IllegalArgumentException(source + ": unknown key '" + key + "' (known: " + KEYS + ")");
			}
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		JsonNode params = root.path("parameters");
		for (Map.Entry<String, JsonNode> entry : params.properties()) {
			parameters.put(entry.getKey(), entry.getValue().asString());
		}
		ZoneId zone = zone(root, source);
		return new ScheduleDefinition(name, text(root, "job"), text(root, "cron"), (zone != null) ? zone : this.defaultZone,
				ScheduleDefinition.Misfire.parse(text(root, "misfire"), source),
				root.path("enabled").asBoolean(true), parameters, source);
	}

	private static ZoneId zone(JsonNode root, String source) {
		String zone = text(root, "zone");
		try {
			return (zone != null) ? ZoneId.of(zone) : null;
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException(source + ": unknown time zone '" + zone + "'", ex);
		}
	}

	private static String text(JsonNode root, String key) {
		JsonNode node = root.get(key);
		return (node == null || node.isNull()) ? null : node.asString();
	}

}
