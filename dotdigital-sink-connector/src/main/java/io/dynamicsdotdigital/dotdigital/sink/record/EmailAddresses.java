package io.dynamicsdotdigital.dotdigital.sink.record;

import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax check of email addresses before they cost an import slot; Dotdigital has the last word. */
public final class EmailAddresses {
    /** local@domain.tld, no spaces, one @, a dot in the domain, labels not starting or ending with '-'. */
    private static final Pattern SHAPE = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private EmailAddresses() {
    }

    public static boolean isValid(String email) {
        if (email == null || email.length() > 254) {
            return false;
        }
        int at = email.indexOf('@');
        if (at <= 0 || at > 64 || email.startsWith(".") || email.contains("..") || email.charAt(at - 1) == '.') {
            return false;
        }
        return SHAPE.matcher(email).matches();
    }

    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
