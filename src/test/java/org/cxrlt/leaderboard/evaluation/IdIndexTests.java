package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.utf8;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IdIndexTests {

    /** Random ids of random lengths (empty to 60 bytes), all different. */
    private static String[] ids(Random random, int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = i + "-" + Long.toString(random.nextLong(), 36).repeat(random.nextInt(4));
        }
        return ids;
    }

    @Test
    void anIndexSizedForItsIdsOrTooSmallForThemFindsEveryOneAtItsRow() {
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            String[] ids = ids(random, random.nextInt(3000));
            long bytes = 0;
            for (String id : ids) {
                bytes += utf8(id).length;
            }
            // as the parted reader sizes it, smaller, and the default
            IdIndex[] indexes = {new IdIndex(ids.length, (int) bytes), new IdIndex(ids.length / 3, (int) bytes / 5),
                new IdIndex(0, 0), new IdIndex()};
            for (IdIndex index : indexes) {
                for (int row = 0; row < ids.length; row++) {
                    byte[] id = utf8(ids[row]);
                    int added = row % 2 == 0 ? index.add(id, 0, id.length)
                            : index.add(id, 0, id.length, IdIndex.hash(id, 0, id.length));
                    assertThat(added).as("round %d, row %d", round, row).isEqualTo(row);
                }
                assertThat(index.size()).isEqualTo(ids.length);
                for (int row = 0; row < ids.length; row++) {
                    byte[] padded = utf8("xx" + ids[row] + "yy");
                    assertThat(index.find(padded, 2, padded.length - 2)).isEqualTo(row);
                    assertThat(index.id(row)).isEqualTo(ids[row]);
                }
                byte[] absent = utf8("absent");
                assertThat(index.find(absent, 0, absent.length)).isEqualTo(-1);
            }
        }
    }

    @Test
    void anIdAddedAgainGivesItsFirstRowWithOrWithoutItsHash() {
        IdIndex index = new IdIndex(2, 4);
        byte[] a = utf8("a");
        byte[] b = utf8("bb");
        index.add(a, 0, 1);
        index.add(b, 0, 2, IdIndex.hash(b, 0, 2));

        assertThat(index.add(b, 0, 2)).isEqualTo(-1 - 2);
        assertThat(index.add(a, 0, 1, IdIndex.hash(a, 0, 1))).isEqualTo(-0 - 2);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void idsOfOneLengthThatDifferInOneByteAnywhereAreTold() {
        IdIndex index = new IdIndex();
        String base = "a489aa0c-53fb0e1a-3780d1ec-019a5cf4-26189c02";
        for (int at = 0; at < base.length(); at++) {
            byte[] id = utf8(base);
            id[at]++;
            assertThat(index.add(id, 0, id.length)).isEqualTo(at);
        }
        byte[] original = utf8(base);
        assertThat(index.find(original, 0, original.length)).isEqualTo(-1);
        assertThat(index.add(original, 0, original.length)).isEqualTo(base.length());
        for (int at = 0; at < base.length(); at++) {
            byte[] id = utf8(base);
            id[at]++;
            assertThat(index.find(id, 0, id.length)).isEqualTo(at);
        }
    }
}
