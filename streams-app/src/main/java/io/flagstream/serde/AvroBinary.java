package io.flagstream.serde;

import java.io.IOException;
import org.apache.commons.io.output.UnsynchronizedByteArrayOutputStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro binary encoding with per-thread reuse of the buffer, encoder and decoder, shared by the serdes.
 * Datum writers and readers are thread-safe and cached by the serdes; encoders and decoders are not,
 * hence one per thread rather than one per record.
 */
final class AvroBinary {

    /** Per thread: a growable buffer and an encoder writing straight into it. */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private AvroBinary() {
    }

    /** Returns {@code header} followed by the Avro binary encoding of {@code record}. */
    static <T> byte[] encode(DatumWriter<T> writer, T record, byte[] header) throws IOException {
        Output output = OUTPUT.get();
        // Reset first, not after: a failed write may have left part of a record in the buffer.
        output.bytes.reset();
        output.bytes.write(header);
        writer.write(record, output.encoder);
        return output.bytes.toByteArray();
    }

    /**
     * Decodes one record from {@code data} starting at {@code offset}.
     *
     * @throws IOException if the data ends early or has bytes left over after the record; leftover bytes
     *                     mean the writer schema is not what the data was written with, or corruption
     */
    static <T> T decode(DatumReader<T> reader, byte[] data, int offset) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, DECODER.get());
        DECODER.set(decoder);
        T record = reader.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("bytes left over after the record");
        }
        return record;
    }

    private static final class Output {
        /**
         * Unsynchronized: the buffer never leaves its thread, and the direct encoder calls it once per field and
         * per null, empty or end-of-collection marker; ByteArrayOutputStream's locking showed as 11-15 % of the
         * stream thread's samples on store-heavy loads (benchmarks.md).
         */
        final UnsynchronizedByteArrayOutputStream bytes = UnsynchronizedByteArrayOutputStream.builder().setBufferSize(256).get();
        /** Direct (unbuffered): nothing to flush, and no half-written bytes kept inside the encoder after a failure. */
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    }
}
