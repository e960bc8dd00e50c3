#!/usr/bin/env node
// Imports a cyberkg D3_JSON export into graphology (the graph model sigma.js draws) and
// prints the node and edge counts as JSON. Usage: node graphology-check.mjs FILE
import { readFileSync } from 'node:fs';
import graphology from 'graphology';

const { MultiDirectedGraph } = graphology;
const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const graph = new MultiDirectedGraph();
graph.import(data);
const tj = graph.hasNode('country:TJ') ? graph.getNodeAttributes('country:TJ') : null;
console.log(JSON.stringify({ nodes: graph.order, edges: graph.size, tajikistan: tj, d3Links: data.d3.links.length }));
