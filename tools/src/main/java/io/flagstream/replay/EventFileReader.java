package io.flagstream.replay;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads one JSON Lines event file. A bad line is reported as {@code FILE:LINE: field 'x': problem}; it is
 * counted and skipped, or, in strict mode, thrown as a {@link BadLineException}. Blank lines are skipped.
 */
public final class EventFileReader implements Closeable {
    private final Path file;
    private final boolean strict;
    private final Consumer<String> errors;
    private final BufferedReader reader;
    private final AtomicLong bytesRead = new AtomicLong();
    private final long size;
    private long lineNumber;
    private long events;
    private long badLines;
    private long outOfOrder;
    private long lastTimestamp = Long.MIN_VALUE;

    public EventFileReader(Path file, boolean strict, Consumer<String> errors) {
        this.file = file;
        this.strict = strict;
        this.errors = errors;
        try {
            this.size = Files.size(file);
            this.reader = JsonLines.reader(file, bytesRead);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The next good event, or {@code null} at the end of the file. */
    public ReplayEvent next() {
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ":" + (lineNumber + 1) + ": " + e.getMessage(), e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                ReplayEvent event = EventJson.read(line);
                events++;
                if (event.timestamp() < lastTimestamp) {
                    outOfOrder++;
                }
                lastTimestamp = Math.max(lastTimestamp, event.timestamp());
                return event;
            } catch (JsonFieldException e) {
                String message = file + ":" + lineNumber + ": " + e.getMessage();
                if (strict) {
                    throw new BadLineException(message, e);
                }
                badLines++;
                errors.accept(message);
            }
        }
    }

    public Path file() {
        return file;
    }

    public long events() {
        return events;
    }

    public long badLines() {
        return badLines;
    }

    /** Events earlier than an event before them in the same file. */
    public long outOfOrder() {
        return outOfOrder;
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long size() {
        return size;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
