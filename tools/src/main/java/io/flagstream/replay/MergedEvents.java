package io.flagstream.replay;

import java.io.Closeable;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several event files as one stream in event-time order: a streaming k-way merge on the timestamp (ties
 * keep file order, then line order). Each file is expected in event-time order, as {@code simulate} writes
 * it; events out of order within a file pass through where they are and are counted
 * ({@link EventFileReader#outOfOrder()}).
 */
public final class MergedEvents implements Closeable {
    private final List<EventFileReader> readers;
    private final PriorityQueue<Head> heads = new PriorityQueue<>();

    public MergedEvents(List<EventFileReader> readers) {
        this.readers = List.copyOf(readers);
        for (int i = 0; i < readers.size(); i++) {
            advance(i);
        }
    }

    /** The next event in time order, or {@code null} when every file is done. */
    public ReplayEvent next() {
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        advance(head.file);
        return head.event;
    }

    public List<EventFileReader> readers() {
        return readers;
    }

    public long bytesRead() {
        return readers.stream().mapToLong(EventFileReader::bytesRead).sum();
    }

    public long size() {
        return readers.stream().mapToLong(EventFileReader::size).sum();
    }

    public long badLines() {
        return readers.stream().mapToLong(EventFileReader::badLines).sum();
    }

    public long outOfOrder() {
        return readers.stream().mapToLong(EventFileReader::outOfOrder).sum();
    }

    private void advance(int file) {
        ReplayEvent e = readers.get(file).next();
        if (e != null) {
            heads.add(new Head(e, file));
        }
    }

    @Override
    public void close() {
        readers.forEach(EventFileReader::close);
    }

    private record Head(ReplayEvent event, int file) implements Comparable<Head> {
        @Override
        public int compareTo(Head o) {
            int c = Long.compare(event.timestamp(), o.event.timestamp());
            return c != 0 ? c : Integer.compare(file, o.file);
        }
    }
}
