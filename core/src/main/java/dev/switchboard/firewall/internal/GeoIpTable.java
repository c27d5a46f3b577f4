package dev.switchboard.firewall.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Address ranges to countries, loaded from a CSV file of {@code start_ip,end_ip,country_code} lines (DB-IP lite's
 * layout; IP2Location lite's quoted decimal numbers work too). IPv4 and IPv6 share one 128-bit space (IPv4 as
 * IPv4-mapped {@code ::ffff:a.b.c.d}), kept as sorted arrays of two longs per bound and searched by binary search,
 * so a lookup allocates nothing and a full country database (some 600,000 ranges) costs about 30 MB.
 */
public final class GeoIpTable {

    private static final BigInteger MAX_IPV4 = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final long MAPPED_HIGH = 0L;
    private static final long MAPPED_LOW_PREFIX = 0xFFFFL << 32;

    private final long[] startHigh;
    private final long[] startLow;
    private final long[] endHigh;
    private final long[] endLow;
    private final String[] country;

    private record Range(long startHigh, long startLow, long endHigh, long endLow, String country) {}

    private GeoIpTable(List<Range> ranges) {
        ranges.sort(Comparator.comparing((Range r) -> r.startHigh, Long::compareUnsigned)
                .thenComparing(r -> r.startLow, Long::compareUnsigned));
        int n = ranges.size();
        startHigh = new long[n];
        startLow = new long[n];
        endHigh = new long[n];
        endLow = new long[n];
        country = new String[n];
        for (int i = 0; i < n; i++) {
            Range r = ranges.get(i);
            startHigh[i] = r.startHigh;
            startLow[i] = r.startLow;
            endHigh[i] = r.endHigh;
            endLow[i] = r.endLow;
            country[i] = r.country;
        }
    }

    /**
     * Loads a range file.
     *
     * @param file the CSV file
     * @return the table
     * @throws IllegalArgumentException naming the file and line of a bad line, or when the file cannot be read
     */
    public static GeoIpTable load(Path file) {
        List<Range> ranges = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split(",");
                try {
                    if (fields.length < 3) {
                        throw new IllegalArgumentException("expected start_ip,end_ip,country_code");
                    }
                    long[] start = parse(unquote(fields[0]));
                    long[] end = parse(unquote(fields[1]));
                    String code = unquote(fields[2]).toUpperCase(Locale.ROOT);
                    if (compare(start[0], start[1], end[0], end[1]) > 0) {
                        throw new IllegalArgumentException("the range ends before it starts");
                    }
                    ranges.add(new Range(start[0], start[1], end[0], end[1], code.intern()));
                } catch (IllegalArgumentException e) {
                    if (number == 1) {
                        continue; // a header line (start_ip,end_ip,country_code)
                    }
                    throw new IllegalArgumentException(
                            "GeoIP file " + file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the GeoIP file " + file + ": " + e.getMessage(), e);
        }
        return new GeoIpTable(ranges);
    }

    private static String unquote(String field) {
        String f = field.strip();
        return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f;
    }

    private static long[] parse(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            BigInteger value = new BigInteger(text);
            if (value.compareTo(MAX_IPV4) <= 0) {
                return new long[] {MAPPED_HIGH, MAPPED_LOW_PREFIX | value.longValue()};
            }
            if (value.bitLength() > 128) {
                throw new IllegalArgumentException("'" + text + "' is beyond the IPv6 range");
            }
            return new long[] {value.shiftRight(64).longValue(), value.longValue()};
        }
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            return bits(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    private static long[] bits(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            long v = ((bytes[0] & 0xFFL) << 24)
                    | ((bytes[1] & 0xFFL) << 16)
                    | ((bytes[2] & 0xFFL) << 8)
                    | (bytes[3] & 0xFFL);
            return new long[] {MAPPED_HIGH, MAPPED_LOW_PREFIX | v};
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xFFL);
            low = (low << 8) | (bytes[i + 8] & 0xFFL);
        }
        return new long[] {high, low};
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /**
     * The country of an address.
     *
     * @param address the address
     * @return its ISO 3166-1 alpha-2 code, or empty when no range holds it
     */
    public Optional<String> country(InetAddress address) {
        long[] key = bits(address);
        int lo = 0;
        int hi = startHigh.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(startHigh[mid], startLow[mid], key[0], key[1]) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found >= 0 && compare(key[0], key[1], endHigh[found], endLow[found]) <= 0) {
            return Optional.of(country[found]);
        }
        return Optional.empty();
    }

    /**
     * The number of ranges.
     *
     * @return the size
     */
    public int size() {
        return country.length;
    }

    @Override
    public String toString() {
        return "GeoIpTable" + Arrays.asList(size(), "ranges");
    }
}
