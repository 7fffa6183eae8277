package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import jakarta.jws.WebMethod;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated {@link ApiService} (88 operations) served from plain handler objects, so the emulator writes only the
 * operations it emulates: a handler's public method with an operation's Java name and parameter types answers that
 * operation; every other operation answers a SOAP fault "{@code <Operation>} is not implemented by the emulator".
 * CXF still marshals through the generated interface, so the wire format is the WSDL's.
 */
final class SoapOperationDispatcher implements InvocationHandler {
    private final Map<Method, Target> targets;

    private SoapOperationDispatcher(Map<Method, Target> targets) {
        this.targets = targets;
    }

    /**
     * An {@link ApiService} whose operations run on the given handlers. Fails fast if a handler's public method
     * matches no operation (a misspelt name or wrong parameter types would otherwise leave it silently unused), or
     * if two handlers answer the same operation.
     */
    static ApiService serving(Object... handlers) {
        Map<Method, Target> targets = new HashMap<>();
        List<Method> unmatched = new ArrayList<>();
        for (Object handler : handlers) {
            for (Method method : handler.getClass().getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Method operation = operationFor(method);
                if (operation == null) {
                    unmatched.add(method);
                    continue;
                }
                Target previous = targets.put(operation, new Target(handler, method));
                if (previous != null) {
                    throw new IllegalStateException("SOAP operation " + operationName(operation) + " is answered by "
                            + previous.method() + " and by " + method);
                }
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalStateException("These public handler methods match no ApiService operation (name and "
                    + "parameter types must be the generated interface's): " + unmatched);
        }
        return (ApiService) Proxy.newProxyInstance(ApiService.class.getClassLoader(), new Class<?>[] {ApiService.class},
                new SoapOperationDispatcher(Map.copyOf(targets)));
    }

    private static Method operationFor(Method handlerMethod) {
        try {
            Method operation = ApiService.class.getMethod(handlerMethod.getName(), handlerMethod.getParameterTypes());
            if (!operation.getReturnType().isAssignableFrom(handlerMethod.getReturnType())) {
                throw new IllegalStateException(handlerMethod + " returns " + handlerMethod.getReturnType().getName()
                        + " but the operation " + operationName(operation) + " returns "
                        + operation.getReturnType().getName());
            }
            return operation;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static String operationName(Method operation) {
        WebMethod web = operation.getAnnotation(WebMethod.class);
        return web != null && !web.operationName().isEmpty() ? web.operationName() : operation.getName();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "ApiService served by " + targets.size() + " emulated operations";
            };
        }
        Target target = targets.get(method);
        if (target == null) {
            throw new UnsupportedOperationException(operationName(method) + " is not implemented by the emulator");
        }
        try {
            return target.method().invoke(target.handler(), args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException || cause instanceof Error) {
                throw cause;
            }
            throw new UndeclaredThrowableException(cause);
        }
    }

    private record Target(Object handler, Method method) {
    }
}
