package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.apiconnector.ApiAccount;
import com.apiconnector.ApiContact;
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import org.junit.jupiter.api.Test;

/** How the dispatcher maps handler methods onto the generated interface, without a server. */
class SoapOperationDispatcherTest {

    static final class AccountHandler {
        public ApiAccount getCurrentAccountInfo() {
            ApiAccount a = new ApiAccount();
            a.setId(7);
            return a;
        }

        /** Not public: a helper, not an operation. */
        ApiAccount helper() {
            return null;
        }
    }

    static final class FailingHandler {
        static final IllegalArgumentException FAILURE = new IllegalArgumentException("ERROR_CONTACT_NOT_FOUND");

        public ApiContact getContactById(Integer id) {
            throw FAILURE;
        }
    }

    static final class MisspeltHandler {
        public ApiAccount getCurrentAcountInfo() {
            return null;
        }
    }

    static final class WrongParameterHandler {
        public ApiContact getContactById(int id) {
            return null;
        }
    }

    @Test
    void handlerMethodsAnswerTheirOperationsAndOthersFaultByOperationName() {
        ApiService service = SoapOperationDispatcher.serving(new AccountHandler(), new FailingHandler());
        assertEquals(7, service.getCurrentAccountInfo().getId());
        UnsupportedOperationException missing = assertThrows(UnsupportedOperationException.class,
                service::getDataFields);
        assertEquals("GetDataFields is not implemented by the emulator", missing.getMessage());
    }

    @Test
    void aHandlersExceptionReachesCxfUnwrapped() {
        ApiService service = SoapOperationDispatcher.serving(new FailingHandler());
        assertSame(FailingHandler.FAILURE, assertThrows(IllegalArgumentException.class,
                () -> service.getContactById(1)));
    }

    @Test
    void aPublicMethodMatchingNoOperationFailsAtStart() {
        IllegalStateException misspelt = assertThrows(IllegalStateException.class,
                () -> SoapOperationDispatcher.serving(new MisspeltHandler()));
        assertTrue(misspelt.getMessage().contains("getCurrentAcountInfo"), misspelt.getMessage());
        IllegalStateException wrongType = assertThrows(IllegalStateException.class,
                () -> SoapOperationDispatcher.serving(new WrongParameterHandler()));
        assertTrue(wrongType.getMessage().contains("getContactById(int)"), wrongType.getMessage());
    }

    @Test
    void twoHandlersForOneOperationFailAtStart() {
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> SoapOperationDispatcher.serving(new AccountHandler(), new AccountHandler()));
        assertTrue(twice.getMessage().contains("GetCurrentAccountInfo"), twice.getMessage());
    }

    @Test
    void objectMethodsDoNotReachHandlers() {
        ApiService service = SoapOperationDispatcher.serving(new AccountHandler());
        assertEquals(service, service);
        assertEquals(System.identityHashCode(service), service.hashCode());
        assertTrue(service.toString().contains("1 emulated operations"));
    }
}
