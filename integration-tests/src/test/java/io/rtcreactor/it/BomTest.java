package io.rtcreactor.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The BOM (which has no parent, on purpose) names the build's own version and every artifact users import. */
class BomTest {

    @Test
    void theBomIsInStepWithTheBuild() throws IOException {
        Path root = Path.of(System.getProperty("rtcr.root"));
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        String version = first(parent, "<artifactId>rtc-reactor-parent</artifactId>\\s*<version>([^<]+)</version>");
        assertThat(first(bom, "<artifactId>rtc-reactor-bom</artifactId>\\s*<version>([^<]+)</version>"))
                .isEqualTo(version);
        assertThat(first(bom, "<rtc-reactor.version>([^<]+)</rtc-reactor.version>")).isEqualTo(version);
        assertThat(bom).contains("<artifactId>reactor-engine</artifactId>", "<artifactId>testkit</artifactId>",
                "<artifactId>rtc-reactor-spring-boot-starter</artifactId>");
        assertThat(bom).doesNotContain("<parent>");
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
