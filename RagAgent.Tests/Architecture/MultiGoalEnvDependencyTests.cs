using System.Reflection;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Architecture;

/// <summary>Each built-in multi-goal env depends only on the env contract and the seeded generator (STYLE.md layout).</summary>
public sealed class MultiGoalEnvDependencyTests
{
    private const BindingFlags Everything = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [TestCase("RagAgent.Envs.GraphNav")]
    [TestCase("RagAgent.Envs.Retrieval")]
    [TestCase("RagAgent.Envs.SmartHome")]
    [TestCase("RagAgent.Envs.TaskSelect")]
    public void EnvNamespace_UsesOnlyAbstractionsRandomnessAndItself(string envNamespace)
    {
        Assembly envs = typeof(IEnv).Assembly;
        Type[] types = envs.GetTypes().Where(t => t.Namespace == envNamespace).ToArray();
        Assert.That(types, Is.Not.Empty);
        string?[] used = types
            .SelectMany(t => t.GetFields(Everything).Select(f => f.FieldType)
                .Concat(t.GetProperties(Everything).Select(p => p.PropertyType))
                .Concat(t.GetMethods(Everything).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(t.GetConstructors(Everything).SelectMany(c => c.GetParameters().Select(p => p.ParameterType))))
            .Select(t => t.IsArray || t.IsByRef ? t.GetElementType()! : t)
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments().Append(t) : [t])
            .Where(t => t.Assembly == envs)
            .Select(t => t.Namespace)
            .Distinct()
            .ToArray();
        Assert.That(used, Is.SubsetOf(new[] { envNamespace, "RagAgent.Envs.Abstractions", "RagAgent.Envs.Randomness" }));
    }
}
