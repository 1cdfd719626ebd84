using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Latch.Cli.Policies;

/// <summary>
/// Writes JSON as deterministic YAML: keys in the JSON's order, nulls left out, empty lists as <c>[]</c>, and every
/// string that a YAML 1.1 or 1.2 reader could take for something else (<c>on</c>, <c>no</c>, <c>08:00</c>, dates,
/// numbers) double-quoted, so any parser reads back exactly the text that was written.
/// </summary>
internal static partial class YamlWriter
{
    // Booleans and nulls of YAML 1.1 (y/n, yes/no, on/off) and 1.2; compared case-insensitively to be safe.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    };

    public static string Write(JsonObject document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        // One line per value however long (no folding) and '\n' on every platform, so the bytes depend on the data only.
        var settings = EmitterSettings.Default.WithIndentedSequences().WithBestWidth(int.MaxValue).WithNewLine("\n");
        var emitter = new Emitter(text, settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Node(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Node(IEmitter emitter, JsonNode node)
    {
        switch (node)
        {
            case JsonObject map:
                var present = map.Where(p => p.Value is not null).ToList();
                emitter.Emit(new MappingStart(null, null, true, present.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in present)
                {
                    String(emitter, key);
                    Node(emitter, value!);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                var items = list.Where(i => i is not null).ToList();
                emitter.Emit(new SequenceStart(null, null, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in items)
                {
                    Node(emitter, item!);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                String(emitter, value.GetValue<string>());
                break;
            case JsonValue value:
                // Numbers and booleans: their JSON text is also their YAML text.
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void String(IEmitter emitter, string value)
    {
        var plain = SafePlain().IsMatch(value) && !ReservedWords.Contains(value);
        emitter.Emit(plain
            ? new Scalar(null, null, value, ScalarStyle.Plain, true, false)
            : new Scalar(null, null, value, ScalarStyle.DoubleQuoted, false, true));
    }

    // Starts with a letter (so never a number, date or time) and holds no character YAML gives a meaning to.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_./ -]*(?<! )$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();
}
