package io.rtcreactor.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's results: a section per benchmark, written as {@code results.md} (what docs/benchmarks.md shows, headed
 * by the command, date, commit and machine) and {@code samples.json} (every sample, for a later look) into the
 * output directory, next to the plots.
 */
public final class Report {

    private final Path directory;
    private final String command;
    private final Machine machine;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<Section> sections = new ArrayList<>();

    public Report(Path directory, String command, Machine machine) {
        this.directory = directory;
        this.command = command;
        this.machine = machine;
    }

    public Path directory() {
        return directory;
    }

    public Section section(String id, String title) {
        Section section = new Section(id, title);
        sections.add(section);
        return section;
    }

    public String header() {
        return "Command: `" + command + "`  \nDate: " + started + "  \nCommit: " + machine.commit()
                + "  \nMachine: " + machine.description() + "\n\n";
    }

    public String markdown() {
        StringBuilder md = new StringBuilder(header());
        sections.forEach(s -> md.append(s.markdown()));
        return md.toString();
    }

    /** Writes results.md and samples.json; returns the markdown. */
    public String write() {
        String markdown = markdown();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("date", started.toString());
        json.put("commit", machine.commit());
        json.put("machine", machine.description());
        Map<String, Object> samples = new LinkedHashMap<>();
        sections.forEach(s -> {
            Map<String, List<Long>> bySeries = new LinkedHashMap<>();
            s.distributions().forEach((label, d) -> bySeries.put(label, d.samples()));
            samples.put(s.id(), bySeries);
        });
        json.put("samples", samples);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), markdown, StandardCharsets.UTF_8);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve("samples.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the results to " + directory, e);
        }
        return markdown;
    }
}
