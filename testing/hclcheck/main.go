// hclcheck parses every .tf file given on the command line with the real HCL2 native-syntax parser
// (github.com/hashicorp/hcl/v2/hclsyntax) and prints, as JSON, the blocks each file declares and every variable
// traversal (reference) its expressions make. TerraformReferencesTest resolves the references against the blocks.
// Exit status 1 and the parser's diagnostics on stderr when a file does not parse.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

type block struct {
	File   string   `json:"file"`
	Type   string   `json:"type"`
	Labels []string `json:"labels"`
	Attrs  []string `json:"attributes"`
	Depth  int      `json:"depth"`
	// Scope is the enclosing block types and labels, e.g. [resource aws_autoscaling_group workers
	// mixed_instances_policy] for a block nested there; empty at the top level. ProviderArgumentsTest reads it.
	Scope []string `json:"scope"`
}

type reference struct {
	File  string   `json:"file"`
	Line  int      `json:"line"`
	Parts []string `json:"parts"`
	// Attribute is the name of the attribute whose expression holds the reference.
	Attribute string `json:"attribute"`
	// Scope is the enclosing attribute path, e.g. resource.aws_instance.controllers.
	Scope []string `json:"scope"`
}

type result struct {
	Blocks     []block     `json:"blocks"`
	References []reference `json:"references"`
}

func main() {
	out := result{Blocks: []block{}, References: []reference{}}
	failed := false
	for _, name := range os.Args[1:] {
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		f, diags := hclsyntax.ParseConfig(src, name, hcl.Pos{Line: 1, Column: 1})
		if diags.HasErrors() {
			for _, d := range diags {
				fmt.Fprintln(os.Stderr, d.Error())
			}
			failed = true
			continue
		}
		walk(name, f.Body.(*hclsyntax.Body), 0, nil, &out)
	}
	if failed {
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	_ = enc.Encode(out)
}

func walk(file string, body *hclsyntax.Body, depth int, scope []string, out *result) {
	if scope == nil {
		scope = []string{}
	}
	for _, name := range sortedAttrNames(body) {
		attr := body.Attributes[name]
		for _, t := range attr.Expr.Variables() {
			out.References = append(out.References, reference{
				File: file, Line: t.SourceRange().Start.Line, Parts: parts(t), Attribute: name, Scope: scope})
		}
	}
	for _, b := range body.Blocks {
		attrs := sortedAttrNames(b.Body)
		out.Blocks = append(out.Blocks, block{File: file, Type: b.Type, Labels: b.Labels, Attrs: attrs, Depth: depth,
			Scope: append([]string{}, scope...)})
		inner := append(append([]string{}, scope...), b.Type)
		inner = append(inner, b.Labels...)
		walk(file, b.Body, depth+1, inner, out)
	}
}

func sortedAttrNames(body *hclsyntax.Body) []string {
	names := make([]string, 0, len(body.Attributes))
	for n := range body.Attributes {
		names = append(names, n)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

// parts turns a traversal into its root name and attribute names; index steps become "[]".
func parts(t hcl.Traversal) []string {
	p := []string{t.RootName()}
	for _, step := range t[1:] {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			p = append(p, s.Name)
		case hcl.TraverseIndex, hcl.TraverseSplat:
			p = append(p, "[]")
		}
	}
	return p
}
