package io.github.superpose.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Running the generator on local state words gives the same stream as nextLong, and setState resumes it. */
class RngLocalStepTest {
    @Test
    void localStepsMatchNextLong() {
        for (long seed = 0; seed < 5; seed++) {
            Rng a = Rng.forStream(seed, 7);
            Rng b = Rng.forStream(seed, 7);
            long w0 = b.stateWord0();
            long w1 = b.stateWord1();
            for (int i = 0; i < 1000; i++) {
                assertEquals(a.nextLong(), Rng.next0(w0, w1), "draw " + i);
                long t = Rng.step0(w0, w1);
                w1 = Rng.step1(w0, w1);
                w0 = t;
            }
            b.setState(w0, w1);
            assertEquals(a.nextLong(), b.nextLong(), "after setState");
        }
    }
}
