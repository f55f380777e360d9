package io.rtcreactor.engine;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's tidy public API: the types applications hold expose what applications may use, and nothing the engine
 * drives (a publication's route and pump, a remote track's feed) nor a way to make one.
 */
class ApiSurfaceTest {

    @Test
    void aPublicationShowsOnlyWhatAnApplicationUses() {
        assertThat(LocalTrackPublication.class.getConstructors()).isEmpty();
        assertThat(publicMethods(LocalTrackPublication.class)).containsExactlyInAnyOrder(
                "sid", "cid", "name", "options", "muted", "framesSent", "mute", "unpublish", "toString");
    }

    @Test
    void aRemoteTrackShowsOnlyWhatAnApplicationUses() {
        assertThat(RemoteAudioTrack.class.getConstructors()).isEmpty();
        assertThat(publicMethods(RemoteAudioTrack.class)).containsExactlyInAnyOrder(
                "sid", "participantSid", "participantIdentity", "frames", "droppedFrames", "deliveredFrames",
                "toString");
    }

    @Test
    void theCausesApplicationsMatchOnLiveInTheApiPackage() {
        for (Class<?> type : new Class<?>[] {LeaveRequestedException.class, ReconnectTimeoutException.class,
                JoinTimeoutException.class, DisconnectIncompleteException.class, LeaveAction.class, Mode.class}) {
            assertThat(type.getPackageName()).as(type.getSimpleName()).isEqualTo("io.rtcreactor.engine");
        }
        assertThat(RtcReactorException.class).isAssignableFrom(JoinTimeoutException.class);
        assertThat(RtcReactorException.class).isAssignableFrom(DisconnectIncompleteException.class);
    }

    /**
     * The internal packages are public for the engine's own packages and the testkit, never for applications: no
     * type an application can name (outside {@code internal} and the generated {@code proto}) shows an internal
     * type in a public or protected signature, so nothing an application writes can reach one.
     */
    @Test
    void noApiSignatureShowsAnInternalType() throws IOException {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> apiTypes = apiTypes();
        assertThat(apiTypes).contains(Room.class, io.rtcreactor.engine.rtc.RtcRuntime.class);
        for (Class<?> type : apiTypes) {
            List<Type> shown = new ArrayList<>();
            shown.add(type.getGenericSuperclass());
            shown.addAll(List.of(type.getGenericInterfaces()));
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers())) {
                    shown.addAll(List.of(c.getGenericParameterTypes()));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    shown.add(m.getGenericReturnType());
                    shown.addAll(List.of(m.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    shown.add(f.getGenericType());
                }
            }
            for (Type t : shown) {
                if (t != null && mentionsInternal(t)) {
                    leaks.add(type.getName() + " shows " + t.getTypeName());
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static List<Class<?>> apiTypes() throws IOException {
        Path root = Path.of(URI.create(Room.class.getProtectionDomain().getCodeSource().getLocation().toString()))
                .resolve("io/rtcreactor/engine");
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .filter(f -> !f.startsWith("internal") && !f.startsWith("proto") && !f.contains("package-info"))
                    .map(f -> "io.rtcreactor.engine." + f.substring(0, f.length() - 6).replace('/', '.')
                            .replace('\\', '.'))
                    .map(ApiSurfaceTest::load)
                    .filter(c -> visible(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic())
                    .filter(c -> c.getEnclosingClass() == null || visible(c.getEnclosingClass().getModifiers()))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean mentionsInternal(Type type) {
        if (type instanceof Class<?> c) {
            Class<?> named = c.isArray() ? c.getComponentType() : c;
            return named.getName().startsWith("io.rtcreactor.engine.internal.");
        }
        if (type instanceof ParameterizedType p) {
            return mentionsInternal(p.getRawType())
                    || Arrays.stream(p.getActualTypeArguments()).anyMatch(ApiSurfaceTest::mentionsInternal);
        }
        if (type instanceof WildcardType w) {
            return Arrays.stream(w.getUpperBounds()).anyMatch(ApiSurfaceTest::mentionsInternal)
                    || Arrays.stream(w.getLowerBounds()).anyMatch(ApiSurfaceTest::mentionsInternal);
        }
        if (type instanceof GenericArrayType a) {
            return mentionsInternal(a.getGenericComponentType());
        }
        return false;
    }

    private static Set<String> publicMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .filter(m -> !m.isSynthetic()).map(Method::getName).collect(Collectors.toSet());
    }
}
