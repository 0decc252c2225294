package io.flagstream.detect.namemismatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameNormaliserTest {

    @Test
    void caseAccentsPunctuationAndOrderAreIgnored() {
        assertThat(NameNormaliser.same("Kim Min-jun", "MIN JUN KIM")).isTrue();
        assertThat(NameNormaliser.same("Kím, Min Jun", "kim min-jun")).isTrue();
        assertThat(NameNormaliser.same("José Álvarez-Núñez", "ALVAREZ NUNEZ JOSE")).isTrue();
        assertThat(NameNormaliser.same("Jürgen Groß", "Jurgen Gross")).isTrue();
        assertThat(NameNormaliser.same("Łukasz Søndergaard", "lukasz sondergaard")).isTrue();
    }

    @Test
    void partsWrittenTogetherOrApartAreTheSameName() {
        assertThat(NameNormaliser.same("Minjun Kim", "Kim Min-jun")).isTrue();
        assertThat(NameNormaliser.same("O'Brien Sean", "Sean OBrien")).isTrue();
    }

    @Test
    void anotherPersonsNameDiffers() {
        assertThat(NameNormaliser.same("Kim Min-jun", "Zhang Wei")).isFalse();
        assertThat(NameNormaliser.same("Kim Min-jun", "Kim Min-su")).isFalse();
        // a middle name is a difference: tune by allow-listing, see the detector's documentation
        assertThat(NameNormaliser.same("John Smith", "John Albert Smith")).isFalse();
    }

    @Test
    void theCanonicalFormSortsTheParts() {
        assertThat(NameNormaliser.normalise("  MIN-JUN   Kim. ")).isEqualTo("jun kim min");
        assertThat(NameNormaliser.parts("Ðorđe Þór")).containsExactly("dorde", "thor");
    }

    @Test
    void missingNamesAreNotComparedAndCountAsTheSame() {
        assertThat(NameNormaliser.present(null)).isFalse();
        assertThat(NameNormaliser.present(" -- ")).isFalse();
        assertThat(NameNormaliser.present("Kim")).isTrue();
        assertThat(NameNormaliser.same(null, "Kim Min-jun")).isTrue();
        assertThat(NameNormaliser.same("Kim Min-jun", "")).isTrue();
    }

    @Test
    void differentScriptsAreNotTransliterated() {
        assertThat(NameNormaliser.same("김민준", "Kim Min-jun")).isFalse();
        assertThat(NameNormaliser.same("김민준", "김민준")).isTrue();
    }
}
