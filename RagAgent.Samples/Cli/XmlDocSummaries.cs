using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RagAgent.Samples.Cli;

/// <summary>
/// Reads the <c>&lt;summary&gt;</c> of properties from the XML documentation file shipped next to an assembly, so
/// <c>--help</c> describes each hyperparameter with the library's own words.
/// </summary>
internal static partial class XmlDocSummaries
{
    /// <summary>
    /// Summary text of every property of <paramref name="type"/>, keyed by property name; empty when the XML file is
    /// not next to the assembly.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForProperties(Type type)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        string xmlPath = Path.ChangeExtension(type.Assembly.Location, ".xml");
        if (string.IsNullOrEmpty(type.Assembly.Location) || !File.Exists(xmlPath))
        {
            return summaries;
        }

        string prefix = $"P:{type.FullName}.";
        foreach (XElement member in XDocument.Load(xmlPath).Descendants("member"))
        {
            string? name = (string?)member.Attribute("name");
            XElement? summary = member.Element("summary");
            if (name is not null && summary is not null && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                summaries[name[prefix.Length..]] = Flatten(summary);
            }
        }

        return summaries;
    }

    private static string Flatten(XElement summary)
    {
        // <see cref="T:Ns.Type.Member"/> becomes "Member"; <c>x</c> and <paramref name="x"/> become "x".
        foreach (XElement see in summary.Descendants().Where(e => e.Name == "see" || e.Name == "paramref" || e.Name == "typeparamref").ToList())
        {
            string reference = (string?)see.Attribute("cref") ?? (string?)see.Attribute("name") ?? (string?)see.Attribute("langword") ?? string.Empty;
            see.ReplaceWith(see.Value.Length > 0 ? see.Value : reference[(reference.LastIndexOf('.') + 1)..]);
        }

        return Whitespace().Replace(summary.Value, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
