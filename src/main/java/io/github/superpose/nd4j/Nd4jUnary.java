package io.github.superpose.nd4j;

import static io.github.superpose.nd4j.Nd4jKernels.addToJava;
import static io.github.superpose.nd4j.Nd4jKernels.fromJava;
import static io.github.superpose.nd4j.Nd4jKernels.toJava;

import io.github.superpose.core.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erfc;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Unary ops and their derivatives on ND4J transforms.
 *
 * <p>GELU: ND4J's own ops do not match either form of core.Functions. Measured on [-10, 10] in
 * M2.1, {@code strict.GELU} (the sigmoid approximation x·σ(1.702x)) is off by up to 0.021 and
 * {@code strict.PreciseGELU} by up to 0.034 from the tanh form, and neither is the erf form. So
 * both are composed from exact ND4J primitives through identities that stay accurate in float32
 * in the negative tail, where 1 + tanh(u) or 1 + erf(u) would cancel:
 * <ul>
 * <li>tanh form: ½x(1 + tanh u) = x·σ(2u), u = √(2/π)(x + 0.044715x³); max abs error 4.7e-7,
 *   derivative σ + 2x·σ(1−σ)·u' with max abs error 1.9e-6;</li>
 * <li>erf form: ½x(1 + erf(x/√2)) = ½x·erfc(−x/√2); max abs error 3.7e-7, derivative
 *   ½erfc(−x/√2) + x·φ(x) with max abs error 1.2e-7.</li>
 * </ul>
 * Nd4jBackendParityTest checks both against core.Functions.
 */
final class Nd4jUnary {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Nd4jUnary() {}

    /** out = f(x). */
    static void forward(Op op, float[] x, float[] out) {
        INDArray xa = fromJava(x, 0, x.length);
        toJava(value(op, xa), out);
    }

    /** gx += gy · f'(x); y = f(x) is read for SQRT and EXP. */
    static void backward(Op op, float[] x, float[] y, float[] gy, float[] gx) {
        INDArray xa = fromJava(x, 0, x.length);
        INDArray g = fromJava(gy, 0, gy.length);
        switch (op) {
            case RELU:
                g.muli(Transforms.step(xa, false));
                break; // step(0) = 0: relu'(0) = 0 as in PyTorch
            case ABS:
                g.muli(Transforms.sign(xa, false));
                break; // sign(0) = 0: abs'(0) = 0
            case SQUARE:
                g.muli(xa).muli(2);
                break;
            case SQRT:
                g.divi(fromJava(y, 0, y.length).muli(2));
                break;
            case EXP:
                g.muli(fromJava(y, 0, y.length));
                break;
            case LOG:
                g.divi(xa);
                break;
            case GELU_TANH:
                g.muli(geluTanhGrad(xa));
                break;
            case GELU_ERF:
                g.muli(geluErfGrad(xa));
                break;
            default:
                throw new IllegalArgumentException("not a unary op: " + op);
        }
        addToJava(g, gx);
    }

    /** f(x), overwriting {@code xa} where the op allows. */
    private static INDArray value(Op op, INDArray xa) {
        switch (op) {
            case RELU:
                return Transforms.relu(xa, false);
            case ABS:
                return Transforms.abs(xa, false);
            case SQUARE:
                return xa.muli(xa);
            case SQRT:
                return Transforms.sqrt(xa, false);
            case EXP:
                return Transforms.exp(xa, false);
            case LOG:
                return Transforms.log(xa, false);
            case GELU_TANH:
                return xa.mul(Transforms.sigmoid(tanhArg(xa).muli(2), false));
            case GELU_ERF:
                return erfcOfMinusXOverSqrt2(xa).muli(xa).muli(0.5);
            default:
                throw new IllegalArgumentException("not a unary op: " + op);
        }
    }

    /** u = √(2/π)(x + 0.044715x³), a new array. */
    private static INDArray tanhArg(INDArray x) {
        return x.mul(x).muli(x).muli(GELU_CUBIC).addi(x).muli(SQRT_2_OVER_PI);
    }

    private static INDArray erfcOfMinusXOverSqrt2(INDArray x) {
        INDArray t = x.mul(-INV_SQRT_2);
        Nd4j.getExecutioner().exec(new Erfc(t, t));
        return t;
    }

    /** σ(2u) + 2x·σ(2u)(1 − σ(2u))·u', the tanh-form derivative rewritten with σ(2u) = ½(1 + tanh u). */
    private static INDArray geluTanhGrad(INDArray x) {
        INDArray s = Transforms.sigmoid(tanhArg(x).muli(2), false);
        INDArray du = x.mul(x).muli(3 * GELU_CUBIC).addi(1).muli(SQRT_2_OVER_PI);
        return s.rsub(1).muli(s).muli(x).muli(du).muli(2).addi(s);
    }

    /** ½erfc(−x/√2) + x·φ(x), φ the standard normal density. */
    private static INDArray geluErfGrad(INDArray x) {
        INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(x).muli(INV_SQRT_2PI);
        return erfcOfMinusXOverSqrt2(x).muli(0.5).addi(pdf);
    }
}
