using System.Reflection;
using System.Reflection.Emit;

namespace RagAgent.Tests.Architecture;

/// <summary>
/// The types a type depends on, read by reflection: base type, interfaces, fields, properties, method and
/// constructor signatures, local variables, and every type or member token in the method bodies' IL (calls,
/// object creations, field loads, casts, typeof). Nested and compiler-generated types count as their outer type's
/// namespace, so a lambda's dependencies belong to the namespace that wrote it.
/// </summary>
internal static class TypeDependencies
{
    private const BindingFlags Everything =
        BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Namespace → namespaces of <paramref name="assembly"/> its types use (itself excluded).</summary>
    public static Dictionary<string, HashSet<string>> NamespaceGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Type type in assembly.GetTypes())
        {
            string? from = type.Namespace;
            if (from is null)
            {
                continue;
            }

            HashSet<string> edges = graph.TryGetValue(from, out HashSet<string>? existing) ? existing : graph[from] = new(StringComparer.Ordinal);
            foreach (Type used in Of(type).Where(t => t.Assembly == assembly && t.Namespace is not null && t.Namespace != from))
            {
                edges.Add(used.Namespace!);
            }
        }

        return graph;
    }

    /// <summary>Every type <paramref name="type"/> uses, generic arguments, array elements and by-refs unwrapped.</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            while (t is not null && (t.IsArray || t.IsByRef || t.IsPointer))
            {
                t = t.GetElementType();
            }

            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.IsGenericType)
            {
                foreach (Type argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (FieldInfo f in type.GetFields(Everything))
        {
            Add(f.FieldType);
        }

        foreach (PropertyInfo p in type.GetProperties(Everything))
        {
            Add(p.PropertyType);
        }

        foreach (MethodBase m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            foreach (ParameterInfo p in m.GetParameters())
            {
                Add(p.ParameterType);
            }

            if (m is MethodInfo method)
            {
                Add(method.ReturnType);
            }

            MethodBody? body = m.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (LocalVariableInfo local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (Type t in BodyTypes(m, body.GetILAsByteArray() ?? []))
            {
                Add(t);
            }
        }

        return found;
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method, byte[] il)
    {
        Module module = method.Module;
        Type[]? typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            OpCode op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    MemberInfo? member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    if (member is Type t)
                    {
                        yield return t;
                    }
                    else if (member?.DeclaringType is not null)
                    {
                        yield return member.DeclaringType;
                    }

                    if (member is MethodInfo { IsGenericMethod: true } generic)
                    {
                        foreach (Type argument in generic.GetGenericArguments())
                        {
                            yield return argument;
                        }
                    }

                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
