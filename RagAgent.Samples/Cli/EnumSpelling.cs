using System.Reflection;
using System.Text.Json.Serialization;

namespace RagAgent.Samples.Cli;

/// <summary>How enum values are spelled on the command line and in CLI output.</summary>
internal static class EnumSpelling
{
    /// <summary>The command-line spelling of an enum value: its JSON member name when it has one
    /// (<c>PolicyArchitecture.TaskNode</c> → <c>task-node</c>, <c>Activation.ReLU</c> → <c>relu</c>), else kebab case.</summary>
    public static string Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string name = value.ToString();
        return value.GetType().GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? RecordOptionSet<object>.KebabCase(name);
    }
}
