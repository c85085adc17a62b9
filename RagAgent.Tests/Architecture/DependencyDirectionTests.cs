using System.Reflection;

namespace RagAgent.Tests.Architecture;

/// <summary>Checks the dependency direction in DESIGN.md by reflection over the built assemblies.</summary>
public sealed class DependencyDirectionTests
{
    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    [Test]
    public void Envs_ReferencesNoOtherRagAgentAssembly()
    {
        Assembly envs = typeof(RagAgent.Envs.Abstractions.IEnv).Assembly;
        Assert.That(References(envs).Where(n => n.StartsWith("RagAgent", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Core_ReferencesOnlyEnvsAndNoWebOrConsoleLibrary()
    {
        Assembly core = typeof(RagAgent.Core.Policies.IActorCritic).Assembly;
        string[] references = References(core);
        Assert.That(references.Where(n => n.StartsWith("RagAgent", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "RagAgent.Envs" }));
        Assert.That(references.Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Spectre", StringComparison.Ordinal)
            || n.StartsWith("System.CommandLine", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Core_UsesOnlyAbstractionsVectorRandomnessAndEvaluationNamespacesOfEnvs()
    {
        Assembly core = typeof(RagAgent.Core.Policies.IActorCritic).Assembly;
        var envNamespaces = core.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(f => f.FieldType)
                .Concat(t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))))
            .Select(t => t.IsArray ? t.GetElementType()! : t)
            .Where(t => t.Assembly == typeof(RagAgent.Envs.Abstractions.IEnv).Assembly)
            .Select(t => t.Namespace)
            .Distinct()
            .ToArray();
        Assert.That(envNamespaces, Is.SubsetOf(new[] { "RagAgent.Envs.Abstractions", "RagAgent.Envs.Vector", "RagAgent.Envs.Randomness", "RagAgent.Envs.Evaluation" }));
    }
}
