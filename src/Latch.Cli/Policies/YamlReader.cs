using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Latch.Cli.Policies;

/// <summary>
/// Reads a YAML file into typed records (camelCase keys, as in the JSON API). Field types come from the records,
/// so <c>on</c> or <c>08:00</c> stay text where the record asks for text; unknown and repeated keys are refused.
/// A file that does not read is an expected outcome, reported with its line and column.
/// </summary>
internal static partial class YamlReader
{
    // Reflection-based: the CLI is neither trimmed nor AOT-compiled, so YamlDotNet's reflection is safe here.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    public static YamlRead<T> Read<T>(string path)
        where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new YamlRead<T>.Failed($"{path}: {e.Message}");
        }

        if (SyntaxError(text) is { } syntax)
        {
            return new YamlRead<T>.Failed($"{path}:{syntax}");
        }

        try
        {
            return Deserializer.Deserialize<T?>(text) is { } value
                ? new YamlRead<T>.Read(value)
                : new YamlRead<T>.Failed($"{path}: the file is empty.");
        }
        catch (YamlException e)
        {
            return new YamlRead<T>.Failed($"{path}:{e.Start.Line}:{e.Start.Column}: {Describe(e)}");
        }
    }

    /// <summary>
    /// Syntax first, on its own: the deserializer words syntax errors poorly, and YamlDotNet's scanner throws a bare
    /// InvalidOperationException on some unclosed flow collections, so the last good position is tracked here.
    /// </summary>
    private static string? SyntaxError(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }

            return null;
        }
        catch (YamlException e)
        {
            return $"{e.Start.Line}:{e.Start.Column}: {Describe(e)}";
        }
        catch (InvalidOperationException)
        {
            return $"{last.Line}:{last.Column}: the YAML does not parse after this point (an unclosed '{{' or '['?).";
        }
    }

    /// <summary>YamlDotNet wraps the useful message (a bad value, an unknown key) in a generic one; give the innermost.</summary>
    private static string Describe(YamlException e)
    {
        Exception inner = e;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        var message = inner.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            message = message[(marker + 3)..];
        }

        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            return $"unknown key '{unknown.Groups[1].Value}'.";
        }

        return message.StartsWith("Invalid cast from", StringComparison.Ordinal)
            ? "a value of the wrong kind here (text where a list or a mapping belongs, or the reverse)."
            : message;
    }

    [GeneratedRegex("^Property '([^']*)' not found on type", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();
}

/// <summary>A YAML file read into <typeparamref name="T"/>, or why it could not be.</summary>
internal abstract record YamlRead<T>
{
    private YamlRead()
    {
    }

    public sealed record Read(T Value) : YamlRead<T>;

    public sealed record Failed(string Message) : YamlRead<T>;
}
