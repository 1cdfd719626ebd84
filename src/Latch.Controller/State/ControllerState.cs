using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.Controller.Twin;

namespace Latch.Controller.State;

/// <summary>
/// The controller's persistent state in a folder: <c>credential.json</c>, <c>twin.json</c> (holds the door secret) and
/// <c>journal.json</c>, all private to the controller's account and replaced atomically.
/// </summary>
public sealed class ControllerState
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private ControllerState(string folder, ControllerCredential? credential, DoorTwin? twin, ControllerJournal journal)
    {
        Folder = folder;
        Credential = credential;
        Twin = twin;
        Journal = journal;
    }

    public string Folder { get; }

    public ControllerCredential? Credential { get; private set; }

    public DoorTwin? Twin { get; private set; }

    public ControllerJournal Journal { get; }

    public string CredentialPath => Path.Combine(Folder, "credential.json");

    public string TwinPath => Path.Combine(Folder, "twin.json");

    public string JournalPath => Path.Combine(Folder, "journal.json");

    /// <summary>Reads the folder, creating it (empty state) when it does not exist yet.</summary>
    public static ControllerState Load(string folder)
    {
        folder = Path.GetFullPath(folder);
        PrivateFiles.CreateFolder(folder);
        var credential = Read(Path.Combine(folder, "credential.json")) is { } c ? ControllerCredential.Parse(c) : null;
        var twin = Read(Path.Combine(folder, "twin.json")) is { } t ? TwinJson.ParseTwin(t) : null;
        var journal = Read(Path.Combine(folder, "journal.json")) is { } j ? ControllerJournal.Parse(j) : new ControllerJournal();
        return new ControllerState(folder, credential, twin, journal);
    }

    public void SaveCredential(ControllerCredential credential)
    {
        Write(CredentialPath, credential.ToJson());
        Credential = credential;
    }

    public void SaveTwin(DoorTwin twin)
    {
        Write(TwinPath, TwinJson.Write(twin));
        Twin = twin;
    }

    public void SaveJournal() => Write(JournalPath, Journal.ToJson());

    private static JsonNode? Read(string path) => File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8)) : null;

    private static void Write(string path, JsonNode content) => PrivateFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(content.ToJsonString(Indented)));
}
