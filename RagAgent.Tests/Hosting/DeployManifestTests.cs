using System.Globalization;
using Microsoft.Extensions.Configuration;
using RagAgent.Hosting;

namespace RagAgent.Tests.Hosting;

/// <summary>Structure of deploy/ (no Docker engine or cluster here): the manifests agree with each other and with the app.</summary>
internal sealed class DeployManifestTests
{
    private static string DeployDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "deploy");
                if (File.Exists(Path.Combine(candidate, "Dockerfile")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("deploy/ not found above the test binaries.");
        }
    }

    private static List<Dictionary<string, object?>> Documents() =>
        Directory.GetFiles(Path.Combine(DeployDir, "k8s"), "*.yaml").SelectMany(f => MiniYaml.Parse(File.ReadAllText(f))).ToList();

    private static Dictionary<string, object?> Kind(string kind) => Documents().Single(d => (string?)d["kind"] == kind);

    private static object? At(object? node, string path)
    {
        foreach (string part in path.Split('.'))
        {
            node = node switch
            {
                Dictionary<string, object?> map => map.GetValueOrDefault(part),
                List<object?> list when int.TryParse(part, CultureInfo.InvariantCulture, out int i) => i < list.Count ? list[i] : null,
                _ => null,
            };
        }

        return node;
    }

    [Test]
    public void Deployment_HasProbesLimitsNonRootAndReadOnlyModels()
    {
        var deployment = Kind("Deployment");
        object? container = At(deployment, "spec.template.spec.containers.0");

        Assert.That(At(deployment, "apiVersion"), Is.EqualTo("apps/v1"));
        Assert.That(At(deployment, "spec.selector.matchLabels.app"), Is.EqualTo(At(deployment, "spec.template.metadata.labels.app")));
        Assert.That(At(container, "readinessProbe.httpGet.path"), Is.EqualTo("/readyz"));
        Assert.That(At(container, "livenessProbe.httpGet.path"), Is.EqualTo("/healthz"));
        Assert.That(At(container, "readinessProbe.httpGet.port"), Is.EqualTo(At(container, "ports.0.name")));
        Assert.That(At(container, "resources.limits.cpu"), Is.Not.Null);
        Assert.That(At(container, "resources.limits.memory"), Is.Not.Null);
        Assert.That(At(container, "resources.requests.cpu"), Is.Not.Null);
        Assert.That(At(deployment, "spec.template.spec.securityContext.runAsNonRoot"), Is.EqualTo("true"));
        Assert.That(At(container, "securityContext.allowPrivilegeEscalation"), Is.EqualTo("false"));

        var mounts = (List<object?>)At(container, "volumeMounts")!;
        object? models = mounts.Single(m => (string?)At(m, "name") == "models");
        Assert.That(At(models, "readOnly"), Is.EqualTo("true"));
        var args = ((List<object?>)At(container, "args")!).Cast<string>().ToList();
        Assert.That(args[args.IndexOf("--models") + 1], Is.EqualTo(At(models, "mountPath")));
        var volumes = (List<object?>)At(deployment, "spec.template.spec.volumes")!;
        Assert.That(volumes.Select(v => (string?)At(v, "name")), Is.SupersetOf(mounts.Select(m => (string?)At(m, "name"))));
        Assert.That(At(container, "envFrom.0.secretRef.name"), Is.EqualTo(At(Kind("Secret"), "metadata.name")));
    }

    [Test]
    public void ServiceAndAutoscaler_TargetTheDeployment()
    {
        var deployment = Kind("Deployment");
        var service = Kind("Service");
        var hpa = Kind("HorizontalPodAutoscaler");

        Assert.That(At(service, "spec.selector.app"), Is.EqualTo(At(deployment, "spec.template.metadata.labels.app")));
        Assert.That(At(service, "spec.ports.0.targetPort"), Is.EqualTo(At(deployment, "spec.template.spec.containers.0.ports.0.name")));
        Assert.That(At(hpa, "apiVersion"), Is.EqualTo("autoscaling/v2"));
        Assert.That(At(hpa, "spec.scaleTargetRef.kind"), Is.EqualTo("Deployment"));
        Assert.That(At(hpa, "spec.scaleTargetRef.name"), Is.EqualTo(At(deployment, "metadata.name")));
        Assert.That(int.Parse((string)At(hpa, "spec.minReplicas")!, CultureInfo.InvariantCulture),
            Is.LessThanOrEqualTo(int.Parse((string)At(hpa, "spec.maxReplicas")!, CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Secret_HoldsHashedKeysThatTheAppAccepts()
    {
        var data = (Dictionary<string, object?>)At(Kind("Secret"), "stringData")!;
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(data.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), (string?)p.Value)))
            .Build();
        HostingOptions options = configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>()! with { ModelsDirectory = "/models" };

        Assert.DoesNotThrow(options.Validate);
        Assert.That(options.ApiKeys.Select(k => k.Roles.Single()), Is.EquivalentTo(new[] { "predict", "admin" }));
    }

    [Test]
    public void Dockerfile_IsMultiStageNonRootWithReadOnlyModels()
    {
        string[] lines = File.ReadAllLines(Path.Combine(DeployDir, "Dockerfile"));
        string[] instructions = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.That(instructions.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
        Assert.That(instructions, Has.Some.StartsWith("COPY --from=build"));
        string user = instructions.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.That(user, Does.Not.Contain("root").And.Not.EqualTo("USER 0"));
        Assert.That(instructions, Has.Some.Contains("\"--models\", \"/models\""));
        Assert.That(instructions, Has.Some.EqualTo("EXPOSE 8080"));
        Assert.That(string.Join('\n', lines), Does.Contain("/models:ro"));
        string root = Path.GetDirectoryName(DeployDir)!;
        foreach (string copy in instructions.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (string source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.That(File.Exists(Path.Combine(root, source)) || Directory.Exists(Path.Combine(root, source)), Is.True, $"COPY source {source}");
            }
        }
    }

    [Test]
    public void MiniYaml_ParsesNestedMapsListsAndDocuments()
    {
        var docs = MiniYaml.Parse("a: 1\nb:\n  - x: \"y\"\n    z: [p, q]\n  - plain\nc: {}\n---\nkind: K # note\n");

        Assert.That(docs, Has.Count.EqualTo(2));
        Assert.That(At(docs[0], "b.0.x"), Is.EqualTo("y"));
        Assert.That(At(docs[0], "b.0.z.1"), Is.EqualTo("q"));
        Assert.That(At(docs[0], "b.1"), Is.EqualTo("plain"));
        Assert.That(At(docs[0], "c"), Is.Empty);
        Assert.That(At(docs[1], "kind"), Is.EqualTo("K"));
    }
}

/// <summary>
/// Just enough YAML for the manifests in deploy/k8s: block maps and lists by indentation, scalars (quotes stripped),
/// <c>{}</c>, flow lists of scalars, comments and <c>---</c> documents.
/// </summary>
internal static class MiniYaml
{
    public static List<Dictionary<string, object?>> Parse(string text)
    {
        var documents = new List<Dictionary<string, object?>>();
        foreach (string doc in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n---"))
        {
            var lines = doc.Split('\n').Select(StripComment).Where(l => l.Trim().Length > 0 && l.Trim() != "---")
                .Select(l => (Indent: l.Length - l.TrimStart().Length, Text: l.Trim())).ToList();
            if (lines.Count > 0)
            {
                int i = 0;
                documents.Add((Dictionary<string, object?>)Block(lines, ref i, lines[0].Indent)!);
            }
        }

        return documents;
    }

    private static object? Block(List<(int Indent, string Text)> lines, ref int i, int indent)
    {
        if (lines[i].Text.StartsWith("- ", StringComparison.Ordinal) || lines[i].Text == "-")
        {
            var list = new List<object?>();
            while (i < lines.Count && lines[i].Indent == indent && lines[i].Text.StartsWith('-'))
            {
                string rest = lines[i].Text[1..].TrimStart();
                if (rest.Contains(": ", StringComparison.Ordinal) || rest.EndsWith(':'))
                {
                    // "- key: value" starts a map whose keys sit at indent + 2.
                    lines[i] = (indent + 2, rest);
                    list.Add(Block(lines, ref i, indent + 2));
                }
                else
                {
                    list.Add(Scalar(rest));
                    i++;
                }
            }

            return list;
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (i < lines.Count && lines[i].Indent == indent && !lines[i].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            string line = lines[i].Text;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string key = line[..colon].Trim().Trim('"');
            string value = line[(colon + 1)..].Trim();
            i++;
            map[key] = value.Length > 0 ? Scalar(value)
                : i < lines.Count && lines[i].Indent > indent ? Block(lines, ref i, lines[i].Indent)
                : i < lines.Count && lines[i].Indent == indent && lines[i].Text.StartsWith('-') ? Block(lines, ref i, indent)
                : null;
        }

        return map;
    }

    private static object? Scalar(string value) => value switch
    {
        "{}" => new Dictionary<string, object?>(),
        "[]" => new List<object?>(),
        _ when value.StartsWith('[') => value.Trim('[', ']').Split(',').Select(v => (object?)Unquote(v.Trim())).ToList(),
        _ => Unquote(value),
    };

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static string StripComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == '#' && !quoted && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i].TrimEnd();
            }
        }

        return line.TrimEnd();
    }
}
