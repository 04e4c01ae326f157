package org.cxrlt.leaderboard.evaluation;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zips byte by byte, in the layouts other tools produce and {@link java.util.zip.ZipOutputStream}
 * cannot: STORED entries with a data descriptor (Python's zipfile on a pipe, {@code zip -0 -}),
 * names in code page 437 without the UTF-8 flag (Windows' built-in zip), Zip64 records.
 */
final class ZipBytes {

    /** One entry: its name's raw bytes, content, and how it is written. */
    record Entry(byte[] rawName, byte[] content, boolean deflated, boolean dataDescriptor, boolean utf8Flag) {
    }

    private ZipBytes() {
    }

    static byte[] write(List<Entry> entries, boolean zip64) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> central = new ArrayList<>();
        for (Entry e : entries) {
            long offset = out.size();
            CRC32 crc = new CRC32();
            crc.update(e.content());
            byte[] data = e.deflated() ? deflate(e.content()) : e.content();
            int flags = (e.dataDescriptor() ? 0x08 : 0) | (e.utf8Flag() ? 0x800 : 0);
            int method = e.deflated() ? 8 : 0;
            boolean sizesInHeader = !e.dataDescriptor();
            byte[] localExtra = zip64 ? zip64Extra(sizesInHeader ? e.content().length : 0,
                    sizesInHeader ? data.length : 0, -1) : new byte[0];
            ByteBuffer local = le(30 + e.rawName().length + localExtra.length);
            local.putInt(0x04034b50).putShort((short) (zip64 ? 45 : 20)).putShort((short) flags)
                    .putShort((short) method).putShort((short) 0).putShort((short) 0x5821)
                    .putInt(sizesInHeader ? (int) crc.getValue() : 0)
                    .putInt(zip64 ? -1 : sizesInHeader ? data.length : 0)
                    .putInt(zip64 ? -1 : sizesInHeader ? e.content().length : 0)
                    .putShort((short) e.rawName().length).putShort((short) localExtra.length)
                    .put(e.rawName()).put(localExtra);
            out.writeBytes(local.array());
            out.writeBytes(data);
            if (e.dataDescriptor()) {
                ByteBuffer descriptor = le(zip64 ? 24 : 16);
                descriptor.putInt(0x08074b50).putInt((int) crc.getValue());
                if (zip64) {
                    descriptor.putLong(data.length).putLong(e.content().length);
                } else {
                    descriptor.putInt(data.length).putInt(e.content().length);
                }
                out.writeBytes(descriptor.array());
            }
            byte[] centralExtra = zip64 ? zip64Extra(e.content().length, data.length, offset) : new byte[0];
            ByteBuffer c = le(46 + e.rawName().length + centralExtra.length);
            c.putInt(0x02014b50).putShort((short) (zip64 ? 45 : 20)).putShort((short) (zip64 ? 45 : 20))
                    .putShort((short) flags).putShort((short) method).putShort((short) 0).putShort((short) 0x5821)
                    .putInt((int) crc.getValue())
                    .putInt(zip64 ? -1 : data.length).putInt(zip64 ? -1 : e.content().length)
                    .putShort((short) e.rawName().length).putShort((short) centralExtra.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(zip64 ? -1 : (int) offset).put(e.rawName()).put(centralExtra);
            central.add(c.array());
        }
        long centralStart = out.size();
        central.forEach(out::writeBytes);
        long centralSize = out.size() - centralStart;
        if (zip64) {
            long recordStart = out.size();
            ByteBuffer record = le(56);
            record.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(centralSize).putLong(centralStart);
            out.writeBytes(record.array());
            ByteBuffer locator = le(20);
            locator.putInt(0x07064b50).putInt(0).putLong(recordStart).putInt(1);
            out.writeBytes(locator.array());
        }
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? 0xFFFF : entries.size())).putShort((short) (zip64 ? 0xFFFF : entries.size()))
                .putInt(zip64 ? -1 : (int) centralSize).putInt(zip64 ? -1 : (int) centralStart).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    /** The Zip64 extended information extra field; an offset below 0 is left out (local headers). */
    private static byte[] zip64Extra(long size, long compressedSize, long offset) {
        ByteBuffer extra = le(offset < 0 ? 20 : 28);
        extra.putShort((short) 1).putShort((short) (offset < 0 ? 16 : 24)).putLong(size).putLong(compressedSize);
        if (offset >= 0) {
            extra.putLong(offset);
        }
        return extra.array();
    }

    private static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
