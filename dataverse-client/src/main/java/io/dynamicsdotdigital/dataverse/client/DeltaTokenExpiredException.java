package io.dynamicsdotdigital.dataverse.client;

/** Following a deltaLink failed because its token expired (0x80044352): the table must be read in full again. */
public class DeltaTokenExpiredException extends DataverseApiException {
    private static final long serialVersionUID = 1L;

    public DeltaTokenExpiredException(String call, int status, DataverseError error) {
        super(call, status, error);
    }
}
