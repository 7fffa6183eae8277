package io.dynamicsdotdigital.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ConfigReferenceCheckTest {
    @Test
    void aReferenceThatDoesNotMatchItsConfigDefFails() {
        ConfigDef def = new ConfigDef().define("a.setting", ConfigDef.Type.STRING, "x", ConfigDef.Importance.HIGH,
                "A setting no checked-in reference documents");
        assertThrows(AssertionFailedError.class, () -> ConfigReferenceCheck.assertCurrent(
                "no-such-connector-config.md", "Nothing", "No intro.", def));
    }
}
