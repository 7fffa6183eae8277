package io.dynamicsdotdigital.dotdigital.sink.record;

/** Knows the account's data fields and their types; may create a missing one. */
public interface DataFieldCatalog {
    /**
     * The type of the data field a mapping targets, creating the field when allowed.
     *
     * @param sample the record value about to be written, to infer a type for a field that must be created
     * @throws RejectedRecordException UNKNOWN_DATA_FIELD when it does not exist and may not be created
     */
    DataFieldType typeFor(FieldMapping mapping, FieldValue sample);
}
