package io.dynamicsdotdigital.dotdigital.client.model;

/**
 * A contact data field.
 *
 * @param type         String, Numeric, Date or Boolean
 * @param visibility   Private or Public
 * @param defaultValue the default as text, null for none
 */
public record DataField(String name, String type, String visibility, String defaultValue) {
    public static DataField of(String name, String type) {
        return new DataField(name, type, "Private", null);
    }
}
