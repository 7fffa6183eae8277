package io.dynamicsdotdigital.dotdigital.sink.addressbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import org.junit.jupiter.api.Test;

class ListMemberReaderTest {
    @Test
    void aTombstoneKeyOfJsonNestedBeyondTheStreamLimitIsAnUnknownMemberNotACrash() {
        String key = "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
        RejectedRecordException e = assertThrows(RejectedRecordException.class,
                () -> new ListMemberReader(10).readTombstone(key));
        assertEquals(RecordErrorKind.UNKNOWN_CONTACT.code(), e.code());
    }

    @Test
    void aTombstoneKeyCarryingListAndEntityIdsNamesTheMember() {
        ListMemberReader.Member m = new ListMemberReader(10)
                .readTombstone("{\"_listid_value\":\"L1\",\"_entityid_value\":\"C1\"}");
        assertEquals(new ListMemberReader.Member("l1", "c1", null), m);
    }
}
