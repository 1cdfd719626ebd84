using System.Security.Cryptography;
using Latch.Core.Codes;

namespace Latch.Core.Tests.Codes;

public sealed class CodeGeneratorTests
{
    private const double CriticalValue = 46.0;

    [Theory]
    [InlineData(CodeAlphabet.Numeric, 6)]
    [InlineData(CodeAlphabet.Numeric, 8)]
    [InlineData(CodeAlphabet.Alphanumeric, 10)]
    public void Codes_have_the_requested_length_and_alphabet(CodeAlphabet alphabet, int length)
    {
        var chars = alphabet == CodeAlphabet.Numeric ? "0123456789" : "23456789ABCDEFGHJKMNPQRSTWXYZ";
        for (var i = 0; i < 1000; i++)
        {
            var code = CodeGenerator.System.Generate(new CodeFormat(alphabet, length)).Reveal();
            Assert.Equal(length, code.Length);
            Assert.All(code, c => Assert.Contains(c, chars));
        }
    }

    [Theory]
    [InlineData(CodeAlphabet.Numeric, 5)]
    [InlineData(CodeAlphabet.Numeric, 9)]
    [InlineData(CodeAlphabet.Alphanumeric, 11)]
    public void Lengths_outside_the_format_are_refused(CodeAlphabet alphabet, int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CodeGenerator.System.Generate(new CodeFormat(alphabet, length)));

    [Fact]
    public void The_alphanumeric_alphabet_has_no_look_alikes()
    {
        foreach (var lookAlike in "01OILUV")
        {
            Assert.DoesNotContain(lookAlike, CodeAlphabets.AlphanumericChars);
        }
    }

    /// <summary>
    /// Chi-square goodness of fit per position over 200,000 numeric codes, 9 degrees of freedom. The critical value
    /// 46.0 has a false-alarm chance of 6e-7 per position, so a fair generator does not flake; the next test shows
    /// the same check catches a modulo-biased draw.
    /// </summary>
    [Fact]
    public void Every_digit_position_is_uniform_by_chi_square()
    {
        const int Samples = 200_000;
        const int Length = 6;
        var counts = new int[Length, 10];
        var generator = CodeGenerator.System;
        for (var i = 0; i < Samples; i++)
        {
            var code = generator.Generate(new CodeFormat(CodeAlphabet.Numeric, Length)).Reveal();
            for (var p = 0; p < Length; p++)
            {
                counts[p, code[p] - '0']++;
            }
        }

        for (var p = 0; p < Length; p++)
        {
            Assert.InRange(ChiSquare(counts, p, Samples), 0, CriticalValue);
        }
    }

    /// <summary>One random byte modulo 10 favours 0..5 (26/256 against 25/256): over a million draws the expected
    /// chi-square is about 375, far above the critical value.</summary>
    [Fact]
    public void The_chi_square_check_does_catch_modulo_bias()
    {
        const int Samples = 1_000_000;
        var counts = new int[1, 10];
        Span<byte> one = stackalloc byte[1];
        for (var i = 0; i < Samples; i++)
        {
            RandomNumberGenerator.Fill(one);
            counts[0, one[0] % 10]++;
        }

        Assert.True(ChiSquare(counts, 0, Samples) > CriticalValue);
    }

    [Fact]
    public void Rejection_sampling_redraws_bytes_above_the_last_full_multiple()
    {
        // 250..255 would favour 0..5; the generator must skip them and use the next byte.
        var generator = new CodeGenerator(new FixedBytes(250, 251, 255, 7));
        Assert.Equal(7, generator.UniformIndex(10));
    }

    private static double ChiSquare(int[,] counts, int position, int samples)
    {
        var expected = samples / 10.0;
        var sum = 0.0;
        for (var digit = 0; digit < 10; digit++)
        {
            var diff = counts[position, digit] - expected;
            sum += diff * diff / expected;
        }

        return sum;
    }

    private sealed class FixedBytes(params byte[] bytes) : RandomNumberGenerator
    {
        private int _next;

        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());

        public override void GetBytes(Span<byte> data)
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = bytes[_next++];
            }
        }
    }
}
