// manifest-policy renders a kustomization the way `kubectl apply -k` does (kustomize's own library) and checks
// every pod template in it against the Pod Security Standards "restricted" profile (the admission controller's own
// library, at the newest version it knows). It prints one JSON report on stdout: the rendered objects and, for each
// workload, the checks it fails. Exit 0: every pod passes; 1: a pod fails; 2: the kustomization does not render.
//
// Usage: manifest-policy <kustomization directory>
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

type workload struct {
	Kind       string   `json:"kind"`
	Name       string   `json:"name"`
	Namespace  string   `json:"namespace"`
	Allowed    bool     `json:"allowed"`
	Violations []string `json:"violations"`
}

type report struct {
	Profile   string                   `json:"profile"`
	Resources []map[string]interface{} `json:"resources"`
	Workloads []workload               `json:"workloads"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: manifest-policy <kustomization directory>")
		os.Exit(2)
	}
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "manifest-policy: the kustomization does not render: %v\n", err)
		os.Exit(2)
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "manifest-policy: %v\n", err)
		os.Exit(2)
	}
	restricted := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}
	out := report{Profile: restricted.String(), Resources: []map[string]interface{}{}, Workloads: []workload{}}
	failed := false
	for _, resource := range resources.Resources() {
		object, err := resource.Map()
		if err != nil {
			fmt.Fprintf(os.Stderr, "manifest-policy: %v\n", err)
			os.Exit(2)
		}
		out.Resources = append(out.Resources, object)
		template, err := typed(resource.GetKind(), object)
		if err != nil {
			fmt.Fprintf(os.Stderr, "manifest-policy: %s %s: %v\n", resource.GetKind(), resource.GetName(), err)
			os.Exit(2)
		}
		if template == nil {
			continue
		}
		result := policy.AggregateCheckResults(evaluator.EvaluatePod(restricted, &template.ObjectMeta, &template.Spec))
		entry := workload{
			Kind:       resource.GetKind(),
			Name:       resource.GetName(),
			Namespace:  resource.GetNamespace(),
			Allowed:    result.Allowed,
			Violations: []string{},
		}
		if !result.Allowed {
			failed = true
			entry.Violations = append(entry.Violations, result.ForbiddenDetail())
		}
		out.Workloads = append(out.Workloads, entry)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintf(os.Stderr, "manifest-policy: %v\n", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// typed reads an object through its typed API struct, so that a misspelt or misplaced field fails here as it would in
// the API server, and returns the pod template of a workload kind (nil for any other kind).
func typed(kind string, object map[string]interface{}) (*corev1.PodTemplateSpec, error) {
	raw, err := json.Marshal(object)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "Deployment":
		var d appsv1.Deployment
		return &d.Spec.Template, strictUnmarshal(raw, &d)
	case "StatefulSet":
		var s appsv1.StatefulSet
		return &s.Spec.Template, strictUnmarshal(raw, &s)
	case "DaemonSet":
		var s appsv1.DaemonSet
		return &s.Spec.Template, strictUnmarshal(raw, &s)
	case "Job":
		var j batchv1.Job
		return &j.Spec.Template, strictUnmarshal(raw, &j)
	case "CronJob":
		var c batchv1.CronJob
		return &c.Spec.JobTemplate.Spec.Template, strictUnmarshal(raw, &c)
	case "Pod":
		var p corev1.Pod
		err := strictUnmarshal(raw, &p)
		return &corev1.PodTemplateSpec{ObjectMeta: p.ObjectMeta, Spec: p.Spec}, err
	case "Namespace":
		return nil, strictUnmarshal(raw, &corev1.Namespace{})
	case "ConfigMap":
		return nil, strictUnmarshal(raw, &corev1.ConfigMap{})
	case "Service":
		return nil, strictUnmarshal(raw, &corev1.Service{})
	case "Ingress":
		return nil, strictUnmarshal(raw, &networkingv1.Ingress{})
	case "NetworkPolicy":
		return nil, strictUnmarshal(raw, &networkingv1.NetworkPolicy{})
	case "PodDisruptionBudget":
		return nil, strictUnmarshal(raw, &policyv1.PodDisruptionBudget{})
	}
	return nil, fmt.Errorf("kind %s is not one this check knows", kind)
}

func strictUnmarshal(raw []byte, into interface{}) error {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}
