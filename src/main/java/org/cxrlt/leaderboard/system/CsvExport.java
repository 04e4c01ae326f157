package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every CSV the service writes: RFC 4180 (quotes only where needed, CRLF line ends, by Commons
 * CSV), with one rule against formula injection in spreadsheets: a text cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * apostrophe, which spreadsheets show as text. Numbers, booleans and instants the service
 * writes itself are cells of their own types and are written as they are.
 */
public final class CsvExport {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvExport() {
    }

    /** A CSV document: the header, then each row; a null cell is empty. */
    public static String write(List<String> header, Iterable<? extends List<?>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(cells(header));
            for (List<?> row : rows) {
                printer.printRecord(cells(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return out.toString();
    }

    /** The rule for one text cell: a leading apostrophe if a spreadsheet would read it as a formula. */
    public static String text(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    private static List<Object> cells(List<?> row) {
        List<Object> cells = new ArrayList<>(row.size());
        for (Object cell : row) {
            cells.add(cell instanceof CharSequence text ? text(text.toString()) : cell);
        }
        return cells;
    }
}
