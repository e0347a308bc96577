/* Generated from schemas/experiment.schema.json by scripts/gen-validators.mjs (ajv standalone). Do not edit. */
// @ts-nocheck
import type { ValidateFunction } from 'ajv';
import schema from '../../../../schemas/experiment.schema.json';

const schema11 = schema;
const schema12 = schema.definitions.backbone;
const schema15 = schema.definitions.observation;
const schema23 = schema.definitions.train;
const schema30 = schema.definitions.robovlms;
const schema31 = schema.definitions.sweep;
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;
const func0 = require("ajv/dist/runtime/equal").default;
const pattern0 = new RegExp("^[A-Za-z0-9_.-]+$", "u");
const pattern1 = new RegExp("^hf:.+", "u");
const pattern12 = new RegExp("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$", "u");
const pattern14 = new RegExp("^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", "u");
const schema13 = schema.definitions.policy;
const schema14 = schema.definitions.head;

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "formulation") || (key0 === "action_space")) || (key0 === "history")) || (key0 === "chunk")) || (key0 === "head")) || (key0 === "discretization"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.formulation !== undefined){
let data0 = data.formulation;
if(!(((data0 === "one-step") || (data0 === "interleaved")) || (data0 === "policy-head"))){
const err1 = {instancePath:instancePath+"/formulation",schemaPath:"#/properties/formulation/enum",keyword:"enum",params:{allowedValues: schema13.properties.formulation.enum},message:"must be equal to one of the allowed values",schema:schema13.properties.formulation.enum,parentSchema:schema13.properties.formulation,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.action_space !== undefined){
let data1 = data.action_space;
if(!((data1 === "continuous") || (data1 === "discrete"))){
const err2 = {instancePath:instancePath+"/action_space",schemaPath:"#/properties/action_space/enum",keyword:"enum",params:{allowedValues: schema13.properties.action_space.enum},message:"must be equal to one of the allowed values",schema:schema13.properties.action_space.enum,parentSchema:schema13.properties.action_space,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.history !== undefined){
let data2 = data.history;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err3 = {instancePath:instancePath+"/history",schemaPath:"#/properties/history/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema13.properties.history.type,parentSchema:schema13.properties.history,data:data2};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 64 || isNaN(data2)){
const err4 = {instancePath:instancePath+"/history",schemaPath:"#/properties/history/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema13.properties.history,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err5 = {instancePath:instancePath+"/history",schemaPath:"#/properties/history/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema13.properties.history,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
if(data.chunk !== undefined){
let data3 = data.chunk;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err6 = {instancePath:instancePath+"/chunk",schemaPath:"#/properties/chunk/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema13.properties.chunk.type,parentSchema:schema13.properties.chunk,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 64 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/chunk",schemaPath:"#/properties/chunk/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema13.properties.chunk,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/chunk",schemaPath:"#/properties/chunk/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema13.properties.chunk,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.head !== undefined){
let data4 = data.head;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.type === undefined){
const err9 = {instancePath:instancePath+"/head",schemaPath:"#/definitions/head/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema14.required,parentSchema:schema14,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
for(const key1 in data4){
if(!(func2.call(schema14.properties, key1))){
const err10 = {instancePath:instancePath+"/head",schemaPath:"#/definitions/head/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema14,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data4.type !== undefined){
let data5 = data4.type;
if(!(((((((data5 === "mlp") || (data5 === "lstm")) || (data5 === "gpt")) || (data5 === "moe")) || (data5 === "flow")) || (data5 === "oft")) || (data5 === "diffusion"))){
const err11 = {instancePath:instancePath+"/head/type",schemaPath:"#/definitions/head/properties/type/enum",keyword:"enum",params:{allowedValues: schema14.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema14.properties.type.enum,parentSchema:schema14.properties.type,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data4.hidden !== undefined){
let data6 = data4.hidden;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err12 = {instancePath:instancePath+"/head/hidden",schemaPath:"#/definitions/head/properties/hidden/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.properties.hidden.type,parentSchema:schema14.properties.hidden,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 8192 || isNaN(data6)){
const err13 = {instancePath:instancePath+"/head/hidden",schemaPath:"#/definitions/head/properties/hidden/maximum",keyword:"maximum",params:{comparison: "<=", limit: 8192},message:"must be <= 8192",schema:8192,parentSchema:schema14.properties.hidden,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data6 < 8 || isNaN(data6)){
const err14 = {instancePath:instancePath+"/head/hidden",schemaPath:"#/definitions/head/properties/hidden/minimum",keyword:"minimum",params:{comparison: ">=", limit: 8},message:"must be >= 8",schema:8,parentSchema:schema14.properties.hidden,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
if(data4.layers !== undefined){
let data7 = data4.layers;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err15 = {instancePath:instancePath+"/head/layers",schemaPath:"#/definitions/head/properties/layers/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.properties.layers.type,parentSchema:schema14.properties.layers,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 32 || isNaN(data7)){
const err16 = {instancePath:instancePath+"/head/layers",schemaPath:"#/definitions/head/properties/layers/maximum",keyword:"maximum",params:{comparison: "<=", limit: 32},message:"must be <= 32",schema:32,parentSchema:schema14.properties.layers,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/head/layers",schemaPath:"#/definitions/head/properties/layers/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema14.properties.layers,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
if(data4.heads !== undefined){
let data8 = data4.heads;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
const err18 = {instancePath:instancePath+"/head/heads",schemaPath:"#/definitions/head/properties/heads/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.properties.heads.type,parentSchema:schema14.properties.heads,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 64 || isNaN(data8)){
const err19 = {instancePath:instancePath+"/head/heads",schemaPath:"#/definitions/head/properties/heads/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema14.properties.heads,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data8 < 1 || isNaN(data8)){
const err20 = {instancePath:instancePath+"/head/heads",schemaPath:"#/definitions/head/properties/heads/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema14.properties.heads,data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
if(data4.experts !== undefined){
let data9 = data4.experts;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err21 = {instancePath:instancePath+"/head/experts",schemaPath:"#/definitions/head/properties/experts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.properties.experts.type,parentSchema:schema14.properties.experts,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 64 || isNaN(data9)){
const err22 = {instancePath:instancePath+"/head/experts",schemaPath:"#/definitions/head/properties/experts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema14.properties.experts,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data9 < 2 || isNaN(data9)){
const err23 = {instancePath:instancePath+"/head/experts",schemaPath:"#/definitions/head/properties/experts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema14.properties.experts,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
if(data4.top_k !== undefined){
let data10 = data4.top_k;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err24 = {instancePath:instancePath+"/head/top_k",schemaPath:"#/definitions/head/properties/top_k/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.properties.top_k.type,parentSchema:schema14.properties.top_k,data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 8 || isNaN(data10)){
const err25 = {instancePath:instancePath+"/head/top_k",schemaPath:"#/definitions/head/properties/top_k/maximum",keyword:"maximum",params:{comparison: "<=", limit: 8},message:"must be <= 8",schema:8,parentSchema:schema14.properties.top_k,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data10 < 1 || isNaN(data10)){
const err26 = {instancePath:instancePath+"/head/top_k",schemaPath:"#/definitions/head/properties/top_k/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema14.properties.top_k,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
if(data4.balance_weight !== undefined){
let data11 = data4.balance_weight;
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 1000 || isNaN(data11)){
const err27 = {instancePath:instancePath+"/head/balance_weight",schemaPath:"#/definitions/head/properties/balance_weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema14.properties.balance_weight,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data11 < 0 || isNaN(data11)){
const err28 = {instancePath:instancePath+"/head/balance_weight",schemaPath:"#/definitions/head/properties/balance_weight/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema14.properties.balance_weight,data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/head/balance_weight",schemaPath:"#/definitions/head/properties/balance_weight/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema14.properties.balance_weight.type,parentSchema:schema14.properties.balance_weight,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data4.sample_steps !== undefined){
let data12 = data4.sample_steps;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err30 = {instancePath:instancePath+"/head/sample_steps",schemaPath:"#/definitions/head/properties/sample_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.properties.sample_steps.type,parentSchema:schema14.properties.sample_steps,data:data12};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 1000 || isNaN(data12)){
const err31 = {instancePath:instancePath+"/head/sample_steps",schemaPath:"#/definitions/head/properties/sample_steps/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema14.properties.sample_steps,data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(data12 < 1 || isNaN(data12)){
const err32 = {instancePath:instancePath+"/head/sample_steps",schemaPath:"#/definitions/head/properties/sample_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema14.properties.sample_steps,data:data12};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
if(data4.dropout !== undefined){
let data13 = data4.dropout;
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 1 || isNaN(data13)){
const err33 = {instancePath:instancePath+"/head/dropout",schemaPath:"#/definitions/head/properties/dropout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema14.properties.dropout,data:data13};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(data13 < 0 || isNaN(data13)){
const err34 = {instancePath:instancePath+"/head/dropout",schemaPath:"#/definitions/head/properties/dropout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema14.properties.dropout,data:data13};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/head/dropout",schemaPath:"#/definitions/head/properties/dropout/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema14.properties.dropout.type,parentSchema:schema14.properties.dropout,data:data13};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data4.pooling !== undefined){
let data14 = data4.pooling;
if(!(((data14 === "last") || (data14 === "mean")) || (data14 === "max"))){
const err36 = {instancePath:instancePath+"/head/pooling",schemaPath:"#/definitions/head/properties/pooling/enum",keyword:"enum",params:{allowedValues: schema14.properties.pooling.enum},message:"must be equal to one of the allowed values",schema:schema14.properties.pooling.enum,parentSchema:schema14.properties.pooling,data:data14};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/head",schemaPath:"#/definitions/head/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data4};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.discretization !== undefined){
let data15 = data.discretization;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.bins === undefined){
const err38 = {instancePath:instancePath+"/discretization",schemaPath:"#/properties/discretization/required",keyword:"required",params:{missingProperty: "bins"},message:"must have required property '"+"bins"+"'",schema:schema13.properties.discretization.required,parentSchema:schema13.properties.discretization,data:data15};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
for(const key2 in data15){
if(!(((key2 === "bins") || (key2 === "min")) || (key2 === "max"))){
const err39 = {instancePath:instancePath+"/discretization",schemaPath:"#/properties/discretization/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema13.properties.discretization,data:data15};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data15.bins !== undefined){
let data16 = data15.bins;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err40 = {instancePath:instancePath+"/discretization/bins",schemaPath:"#/properties/discretization/properties/bins/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema13.properties.discretization.properties.bins.type,parentSchema:schema13.properties.discretization.properties.bins,data:data16};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 1024 || isNaN(data16)){
const err41 = {instancePath:instancePath+"/discretization/bins",schemaPath:"#/properties/discretization/properties/bins/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema13.properties.discretization.properties.bins,data:data16};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(data16 < 2 || isNaN(data16)){
const err42 = {instancePath:instancePath+"/discretization/bins",schemaPath:"#/properties/discretization/properties/bins/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema13.properties.discretization.properties.bins,data:data16};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
if(data15.min !== undefined){
let data17 = data15.min;
if(!((typeof data17 == "number") && (isFinite(data17)))){
const err43 = {instancePath:instancePath+"/discretization/min",schemaPath:"#/properties/discretization/properties/min/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema13.properties.discretization.properties.min.type,parentSchema:schema13.properties.discretization.properties.min,data:data17};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data15.max !== undefined){
let data18 = data15.max;
if(!((typeof data18 == "number") && (isFinite(data18)))){
const err44 = {instancePath:instancePath+"/discretization/max",schemaPath:"#/properties/discretization/properties/max/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema13.properties.discretization.properties.max.type,parentSchema:schema13.properties.discretization.properties.max,data:data18};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath:instancePath+"/discretization",schemaPath:"#/properties/discretization/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.discretization.type,parentSchema:schema13.properties.discretization,data:data15};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

const schema16 = schema.definitions.action;
const schema17 = schema.definitions.actionConvention;

function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema16.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.convention !== undefined){
let data0 = data.convention;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!((((((key1 === "mode") || (key1 === "frame")) || (key1 === "rotation")) || (key1 === "gripper")) || (key1 === "convert")) || (key1 === "infer"))){
const err1 = {instancePath:instancePath+"/convention",schemaPath:"#/definitions/actionConvention/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema17,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.mode !== undefined){
let data1 = data0.mode;
if(!((data1 === "delta") || (data1 === "absolute"))){
const err2 = {instancePath:instancePath+"/convention/mode",schemaPath:"#/definitions/actionConvention/properties/mode/enum",keyword:"enum",params:{allowedValues: schema17.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.mode.enum,parentSchema:schema17.properties.mode,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data0.frame !== undefined){
let data2 = data0.frame;
if(!(((data2 === "world") || (data2 === "base")) || (data2 === "tool"))){
const err3 = {instancePath:instancePath+"/convention/frame",schemaPath:"#/definitions/actionConvention/properties/frame/enum",keyword:"enum",params:{allowedValues: schema17.properties.frame.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.frame.enum,parentSchema:schema17.properties.frame,data:data2};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data0.rotation !== undefined){
let data3 = data0.rotation;
if(!((((data3 === "euler_xyz") || (data3 === "axis_angle")) || (data3 === "quaternion_xyzw")) || (data3 === "none"))){
const err4 = {instancePath:instancePath+"/convention/rotation",schemaPath:"#/definitions/actionConvention/properties/rotation/enum",keyword:"enum",params:{allowedValues: schema17.properties.rotation.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.rotation.enum,parentSchema:schema17.properties.rotation,data:data3};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.gripper !== undefined){
let data4 = data0.gripper;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.closed === undefined){
const err5 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/required",keyword:"required",params:{missingProperty: "closed"},message:"must have required property '"+"closed"+"'",schema:schema17.properties.gripper.required,parentSchema:schema17.properties.gripper,data:data4};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data4.open === undefined){
const err6 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/required",keyword:"required",params:{missingProperty: "open"},message:"must have required property '"+"open"+"'",schema:schema17.properties.gripper.required,parentSchema:schema17.properties.gripper,data:data4};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
for(const key2 in data4){
if(!((key2 === "closed") || (key2 === "open"))){
const err7 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema17.properties.gripper,data:data4};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data4.closed !== undefined){
let data5 = data4.closed;
if(!((typeof data5 == "number") && (isFinite(data5)))){
const err8 = {instancePath:instancePath+"/convention/gripper/closed",schemaPath:"#/definitions/actionConvention/properties/gripper/properties/closed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema17.properties.gripper.properties.closed.type,parentSchema:schema17.properties.gripper.properties.closed,data:data5};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data4.open !== undefined){
let data6 = data4.open;
if(!((typeof data6 == "number") && (isFinite(data6)))){
const err9 = {instancePath:instancePath+"/convention/gripper/open",schemaPath:"#/definitions/actionConvention/properties/gripper/properties/open/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema17.properties.gripper.properties.open.type,parentSchema:schema17.properties.gripper.properties.open,data:data6};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.properties.gripper.type,parentSchema:schema17.properties.gripper,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data0.convert !== undefined){
let data7 = data0.convert;
if(typeof data7 !== "boolean"){
const err11 = {instancePath:instancePath+"/convention/convert",schemaPath:"#/definitions/actionConvention/properties/convert/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema17.properties.convert.type,parentSchema:schema17.properties.convert,data:data7};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data0.infer !== undefined){
let data8 = data0.infer;
if(typeof data8 !== "boolean"){
const err12 = {instancePath:instancePath+"/convention/infer",schemaPath:"#/definitions/actionConvention/properties/infer/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema17.properties.infer.type,parentSchema:schema17.properties.infer,data:data8};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/convention",schemaPath:"#/definitions/actionConvention/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.type,parentSchema:schema17,data:data0};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.dim !== undefined){
let data9 = data.dim;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err14 = {instancePath:instancePath+"/dim",schemaPath:"#/properties/dim/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema16.properties.dim.type,parentSchema:schema16.properties.dim,data:data9};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 32 || isNaN(data9)){
const err15 = {instancePath:instancePath+"/dim",schemaPath:"#/properties/dim/maximum",keyword:"maximum",params:{comparison: "<=", limit: 32},message:"must be <= 32",schema:32,parentSchema:schema16.properties.dim,data:data9};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data9 < 2 || isNaN(data9)){
const err16 = {instancePath:instancePath+"/dim",schemaPath:"#/properties/dim/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema16.properties.dim,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data.normalize !== undefined){
let data10 = data.normalize;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key3 in data10){
if(!(((key3 === "enabled") || (key3 === "min")) || (key3 === "max"))){
const err17 = {instancePath:instancePath+"/normalize",schemaPath:"#/properties/normalize/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema16.properties.normalize,data:data10};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data10.enabled !== undefined){
let data11 = data10.enabled;
if(typeof data11 !== "boolean"){
const err18 = {instancePath:instancePath+"/normalize/enabled",schemaPath:"#/properties/normalize/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema16.properties.normalize.properties.enabled.type,parentSchema:schema16.properties.normalize.properties.enabled,data:data11};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data10.min !== undefined){
let data12 = data10.min;
if(!((typeof data12 == "number") && (isFinite(data12)))){
const err19 = {instancePath:instancePath+"/normalize/min",schemaPath:"#/properties/normalize/properties/min/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.normalize.properties.min.type,parentSchema:schema16.properties.normalize.properties.min,data:data12};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data10.max !== undefined){
let data13 = data10.max;
if(!((typeof data13 == "number") && (isFinite(data13)))){
const err20 = {instancePath:instancePath+"/normalize/max",schemaPath:"#/properties/normalize/properties/max/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.normalize.properties.max.type,parentSchema:schema16.properties.normalize.properties.max,data:data13};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/normalize",schemaPath:"#/properties/normalize/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.normalize.type,parentSchema:schema16.properties.normalize,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.arm_loss !== undefined){
let data14 = data.arm_loss;
if(!(((data14 === "mse") || (data14 === "smooth_l1")) || (data14 === "l1"))){
const err22 = {instancePath:instancePath+"/arm_loss",schemaPath:"#/properties/arm_loss/enum",keyword:"enum",params:{allowedValues: schema16.properties.arm_loss.enum},message:"must be equal to one of the allowed values",schema:schema16.properties.arm_loss.enum,parentSchema:schema16.properties.arm_loss,data:data14};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.arm_weight !== undefined){
let data15 = data.arm_weight;
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 > 1000 || isNaN(data15)){
const err23 = {instancePath:instancePath+"/arm_weight",schemaPath:"#/properties/arm_weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema16.properties.arm_weight,data:data15};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data15 < 0 || isNaN(data15)){
const err24 = {instancePath:instancePath+"/arm_weight",schemaPath:"#/properties/arm_weight/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.arm_weight,data:data15};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/arm_weight",schemaPath:"#/properties/arm_weight/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.arm_weight.type,parentSchema:schema16.properties.arm_weight,data:data15};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.gripper_weight !== undefined){
let data16 = data.gripper_weight;
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 1000 || isNaN(data16)){
const err26 = {instancePath:instancePath+"/gripper_weight",schemaPath:"#/properties/gripper_weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema16.properties.gripper_weight,data:data16};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data16 < 0 || isNaN(data16)){
const err27 = {instancePath:instancePath+"/gripper_weight",schemaPath:"#/properties/gripper_weight/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.gripper_weight,data:data16};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/gripper_weight",schemaPath:"#/properties/gripper_weight/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.gripper_weight.type,parentSchema:schema16.properties.gripper_weight,data:data16};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.tokenizer !== undefined){
let data17 = data.tokenizer;
if(!((data17 === "bins") || (data17 === "fast"))){
const err29 = {instancePath:instancePath+"/tokenizer",schemaPath:"#/properties/tokenizer/enum",keyword:"enum",params:{allowedValues: schema16.properties.tokenizer.enum},message:"must be equal to one of the allowed values",schema:schema16.properties.tokenizer.enum,parentSchema:schema16.properties.tokenizer,data:data17};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.fast !== undefined){
let data18 = data.fast;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key4 in data18){
if(!((key4 === "scale") || (key4 === "vocab_size"))){
const err30 = {instancePath:instancePath+"/fast",schemaPath:"#/properties/fast/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema16.properties.fast,data:data18};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data18.scale !== undefined){
let data19 = data18.scale;
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 1000 || isNaN(data19)){
const err31 = {instancePath:instancePath+"/fast/scale",schemaPath:"#/properties/fast/properties/scale/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema16.properties.fast.properties.scale,data:data19};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(data19 <= 0 || isNaN(data19)){
const err32 = {instancePath:instancePath+"/fast/scale",schemaPath:"#/properties/fast/properties/scale/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema16.properties.fast.properties.scale,data:data19};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/fast/scale",schemaPath:"#/properties/fast/properties/scale/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.fast.properties.scale.type,parentSchema:schema16.properties.fast.properties.scale,data:data19};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data18.vocab_size !== undefined){
let data20 = data18.vocab_size;
if(!(((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20))) && (isFinite(data20)))){
const err34 = {instancePath:instancePath+"/fast/vocab_size",schemaPath:"#/properties/fast/properties/vocab_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema16.properties.fast.properties.vocab_size.type,parentSchema:schema16.properties.fast.properties.vocab_size,data:data20};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 > 16384 || isNaN(data20)){
const err35 = {instancePath:instancePath+"/fast/vocab_size",schemaPath:"#/properties/fast/properties/vocab_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16384},message:"must be <= 16384",schema:16384,parentSchema:schema16.properties.fast.properties.vocab_size,data:data20};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data20 < 16 || isNaN(data20)){
const err36 = {instancePath:instancePath+"/fast/vocab_size",schemaPath:"#/properties/fast/properties/vocab_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 16},message:"must be >= 16",schema:16,parentSchema:schema16.properties.fast.properties.vocab_size,data:data20};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
}
else {
const err37 = {instancePath:instancePath+"/fast",schemaPath:"#/properties/fast/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.fast.type,parentSchema:schema16.properties.fast,data:data18};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.knowledge_insulation !== undefined){
let data21 = data.knowledge_insulation;
if(typeof data21 !== "boolean"){
const err38 = {instancePath:instancePath+"/knowledge_insulation",schemaPath:"#/properties/knowledge_insulation/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema16.properties.knowledge_insulation.type,parentSchema:schema16.properties.knowledge_insulation,data:data21};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.token_weight !== undefined){
let data22 = data.token_weight;
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 1000 || isNaN(data22)){
const err39 = {instancePath:instancePath+"/token_weight",schemaPath:"#/properties/token_weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema16.properties.token_weight,data:data22};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(data22 < 0 || isNaN(data22)){
const err40 = {instancePath:instancePath+"/token_weight",schemaPath:"#/properties/token_weight/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.token_weight,data:data22};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/token_weight",schemaPath:"#/properties/token_weight/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema16.properties.token_weight.type,parentSchema:schema16.properties.token_weight,data:data22};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
validate13.errors = vErrors;
return errors === 0;
}

const schema18 = schema.definitions.data;
const schema19 = schema.definitions.stage;
const schema20 = schema.definitions.dataset;
const schema22 = schema.definitions.taskName;

function validate17(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.type === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema20.required,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema20.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.type !== undefined){
let data0 = data.type;
if(!(((((data0 === "playtable") || (data0 === "calvin")) || (data0 === "oxe")) || (data0 === "lerobot")) || (data0 === "rlds"))){
const err2 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/enum",keyword:"enum",params:{allowedValues: schema20.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.type.enum,parentSchema:schema20.properties.type,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.path !== undefined){
let data1 = data.path;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.path.type,parentSchema:schema20.properties.path,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.split !== undefined){
let data2 = data.split;
if(typeof data2 !== "string"){
const err4 = {instancePath:instancePath+"/split",schemaPath:"#/properties/split/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.split.type,parentSchema:schema20.properties.split,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.features !== undefined){
let data3 = data.features;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
if(!(((((key1 === "cameras") || (key1 === "actions")) || (key1 === "state")) || (key1 === "instruction")) || (key1 === "task"))){
const err5 = {instancePath:instancePath+"/features",schemaPath:"#/properties/features/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema20.properties.features,data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data3.cameras !== undefined){
let data4 = data3.cameras;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
if(!((key2 === "static") || (key2 === "gripper"))){
const err6 = {instancePath:instancePath+"/features/cameras",schemaPath:"#/properties/features/properties/cameras/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema20.properties.features.properties.cameras,data:data4};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data4.static !== undefined){
let data5 = data4.static;
if(typeof data5 === "string"){
if(func3(data5) < 1){
const err7 = {instancePath:instancePath+"/features/cameras/static",schemaPath:"#/properties/features/properties/cameras/properties/static/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.cameras.properties.static,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/features/cameras/static",schemaPath:"#/properties/features/properties/cameras/properties/static/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.cameras.properties.static.type,parentSchema:schema20.properties.features.properties.cameras.properties.static,data:data5};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data4.gripper !== undefined){
let data6 = data4.gripper;
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err9 = {instancePath:instancePath+"/features/cameras/gripper",schemaPath:"#/properties/features/properties/cameras/properties/gripper/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.cameras.properties.gripper,data:data6};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/features/cameras/gripper",schemaPath:"#/properties/features/properties/cameras/properties/gripper/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.cameras.properties.gripper.type,parentSchema:schema20.properties.features.properties.cameras.properties.gripper,data:data6};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/features/cameras",schemaPath:"#/properties/features/properties/cameras/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.properties.features.properties.cameras.type,parentSchema:schema20.properties.features.properties.cameras,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data3.actions !== undefined){
let data7 = data3.actions;
const _errs18 = errors;
let valid3 = false;
const _errs19 = errors;
if(typeof data7 === "string"){
if(func3(data7) < 1){
const err12 = {instancePath:instancePath+"/features/actions",schemaPath:"#/properties/features/properties/actions/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.actions.anyOf[0],data:data7};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/features/actions",schemaPath:"#/properties/features/properties/actions/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.actions.anyOf[0].type,parentSchema:schema20.properties.features.properties.actions.anyOf[0],data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid0 = _errs19 === errors;
valid3 = valid3 || _valid0;
if(!valid3){
const _errs21 = errors;
if(Array.isArray(data7)){
if(data7.length > 8){
const err14 = {instancePath:instancePath+"/features/actions",schemaPath:"#/properties/features/properties/actions/anyOf/1/maxItems",keyword:"maxItems",params:{limit: 8},message:"must NOT have more than 8 items",schema:8,parentSchema:schema20.properties.features.properties.actions.anyOf[1],data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data7.length < 1){
const err15 = {instancePath:instancePath+"/features/actions",schemaPath:"#/properties/features/properties/actions/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema20.properties.features.properties.actions.anyOf[1],data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const len0 = data7.length;
for(let i0=0; i0<len0; i0++){
let data8 = data7[i0];
if(typeof data8 === "string"){
if(func3(data8) < 1){
const err16 = {instancePath:instancePath+"/features/actions/" + i0,schemaPath:"#/properties/features/properties/actions/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.actions.anyOf[1].items,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/features/actions/" + i0,schemaPath:"#/properties/features/properties/actions/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.actions.anyOf[1].items.type,parentSchema:schema20.properties.features.properties.actions.anyOf[1].items,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/features/actions",schemaPath:"#/properties/features/properties/actions/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema20.properties.features.properties.actions.anyOf[1].type,parentSchema:schema20.properties.features.properties.actions.anyOf[1],data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid0 = _errs21 === errors;
valid3 = valid3 || _valid0;
}
if(!valid3){
const err19 = {instancePath:instancePath+"/features/actions",schemaPath:"#/properties/features/properties/actions/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema20.properties.features.properties.actions.anyOf,parentSchema:schema20.properties.features.properties.actions,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
else {
errors = _errs18;
if(vErrors !== null){
if(_errs18){
vErrors.length = _errs18;
}
else {
vErrors = null;
}
}
}
}
if(data3.state !== undefined){
let data9 = data3.state;
if(typeof data9 === "string"){
if(func3(data9) < 1){
const err20 = {instancePath:instancePath+"/features/state",schemaPath:"#/properties/features/properties/state/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.state,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/features/state",schemaPath:"#/properties/features/properties/state/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.state.type,parentSchema:schema20.properties.features.properties.state,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data3.instruction !== undefined){
let data10 = data3.instruction;
if(typeof data10 === "string"){
if(func3(data10) < 1){
const err22 = {instancePath:instancePath+"/features/instruction",schemaPath:"#/properties/features/properties/instruction/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.instruction,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/features/instruction",schemaPath:"#/properties/features/properties/instruction/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.instruction.type,parentSchema:schema20.properties.features.properties.instruction,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data3.task !== undefined){
let data11 = data3.task;
if(typeof data11 === "string"){
if(func3(data11) < 1){
const err24 = {instancePath:instancePath+"/features/task",schemaPath:"#/properties/features/properties/task/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema20.properties.features.properties.task,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/features/task",schemaPath:"#/properties/features/properties/task/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.features.properties.task.type,parentSchema:schema20.properties.features.properties.task,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/features",schemaPath:"#/properties/features/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.properties.features.type,parentSchema:schema20.properties.features,data:data3};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.validation !== undefined){
let data12 = data.validation;
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 0.5 || isNaN(data12)){
const err27 = {instancePath:instancePath+"/validation",schemaPath:"#/properties/validation/maximum",keyword:"maximum",params:{comparison: "<=", limit: 0.5},message:"must be <= 0.5",schema:0.5,parentSchema:schema20.properties.validation,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data12 < 0 || isNaN(data12)){
const err28 = {instancePath:instancePath+"/validation",schemaPath:"#/properties/validation/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20.properties.validation,data:data12};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/validation",schemaPath:"#/properties/validation/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.properties.validation.type,parentSchema:schema20.properties.validation,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.convention !== undefined){
let data13 = data.convention;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
for(const key3 in data13){
if(!((((((key3 === "mode") || (key3 === "frame")) || (key3 === "rotation")) || (key3 === "gripper")) || (key3 === "convert")) || (key3 === "infer"))){
const err30 = {instancePath:instancePath+"/convention",schemaPath:"#/definitions/actionConvention/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema17,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data13.mode !== undefined){
let data14 = data13.mode;
if(!((data14 === "delta") || (data14 === "absolute"))){
const err31 = {instancePath:instancePath+"/convention/mode",schemaPath:"#/definitions/actionConvention/properties/mode/enum",keyword:"enum",params:{allowedValues: schema17.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.mode.enum,parentSchema:schema17.properties.mode,data:data14};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data13.frame !== undefined){
let data15 = data13.frame;
if(!(((data15 === "world") || (data15 === "base")) || (data15 === "tool"))){
const err32 = {instancePath:instancePath+"/convention/frame",schemaPath:"#/definitions/actionConvention/properties/frame/enum",keyword:"enum",params:{allowedValues: schema17.properties.frame.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.frame.enum,parentSchema:schema17.properties.frame,data:data15};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data13.rotation !== undefined){
let data16 = data13.rotation;
if(!((((data16 === "euler_xyz") || (data16 === "axis_angle")) || (data16 === "quaternion_xyzw")) || (data16 === "none"))){
const err33 = {instancePath:instancePath+"/convention/rotation",schemaPath:"#/definitions/actionConvention/properties/rotation/enum",keyword:"enum",params:{allowedValues: schema17.properties.rotation.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.rotation.enum,parentSchema:schema17.properties.rotation,data:data16};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data13.gripper !== undefined){
let data17 = data13.gripper;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(data17.closed === undefined){
const err34 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/required",keyword:"required",params:{missingProperty: "closed"},message:"must have required property '"+"closed"+"'",schema:schema17.properties.gripper.required,parentSchema:schema17.properties.gripper,data:data17};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(data17.open === undefined){
const err35 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/required",keyword:"required",params:{missingProperty: "open"},message:"must have required property '"+"open"+"'",schema:schema17.properties.gripper.required,parentSchema:schema17.properties.gripper,data:data17};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
for(const key4 in data17){
if(!((key4 === "closed") || (key4 === "open"))){
const err36 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema17.properties.gripper,data:data17};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data17.closed !== undefined){
let data18 = data17.closed;
if(!((typeof data18 == "number") && (isFinite(data18)))){
const err37 = {instancePath:instancePath+"/convention/gripper/closed",schemaPath:"#/definitions/actionConvention/properties/gripper/properties/closed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema17.properties.gripper.properties.closed.type,parentSchema:schema17.properties.gripper.properties.closed,data:data18};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data17.open !== undefined){
let data19 = data17.open;
if(!((typeof data19 == "number") && (isFinite(data19)))){
const err38 = {instancePath:instancePath+"/convention/gripper/open",schemaPath:"#/definitions/actionConvention/properties/gripper/properties/open/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema17.properties.gripper.properties.open.type,parentSchema:schema17.properties.gripper.properties.open,data:data19};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
else {
const err39 = {instancePath:instancePath+"/convention/gripper",schemaPath:"#/definitions/actionConvention/properties/gripper/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.properties.gripper.type,parentSchema:schema17.properties.gripper,data:data17};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data13.convert !== undefined){
let data20 = data13.convert;
if(typeof data20 !== "boolean"){
const err40 = {instancePath:instancePath+"/convention/convert",schemaPath:"#/definitions/actionConvention/properties/convert/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema17.properties.convert.type,parentSchema:schema17.properties.convert,data:data20};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data13.infer !== undefined){
let data21 = data13.infer;
if(typeof data21 !== "boolean"){
const err41 = {instancePath:instancePath+"/convention/infer",schemaPath:"#/definitions/actionConvention/properties/infer/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema17.properties.infer.type,parentSchema:schema17.properties.infer,data:data21};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath:instancePath+"/convention",schemaPath:"#/definitions/actionConvention/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.type,parentSchema:schema17,data:data13};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data.control_hz !== undefined){
let data22 = data.control_hz;
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 1000 || isNaN(data22)){
const err43 = {instancePath:instancePath+"/control_hz",schemaPath:"#/properties/control_hz/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema20.properties.control_hz,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(data22 <= 0 || isNaN(data22)){
const err44 = {instancePath:instancePath+"/control_hz",schemaPath:"#/properties/control_hz/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema20.properties.control_hz,data:data22};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/control_hz",schemaPath:"#/properties/control_hz/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.properties.control_hz.type,parentSchema:schema20.properties.control_hz,data:data22};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data.mixture !== undefined){
let data23 = data.mixture;
if(typeof data23 !== "string"){
const err46 = {instancePath:instancePath+"/mixture",schemaPath:"#/properties/mixture/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.mixture.type,parentSchema:schema20.properties.mixture,data:data23};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data.weight !== undefined){
let data24 = data.weight;
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 > 1000000 || isNaN(data24)){
const err47 = {instancePath:instancePath+"/weight",schemaPath:"#/properties/weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema20.properties.weight,data:data24};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(data24 <= 0 || isNaN(data24)){
const err48 = {instancePath:instancePath+"/weight",schemaPath:"#/properties/weight/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema20.properties.weight,data:data24};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/weight",schemaPath:"#/properties/weight/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.properties.weight.type,parentSchema:schema20.properties.weight,data:data24};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data.embodiment !== undefined){
let data25 = data.embodiment;
if(!(((((data25 === "default") || (data25 === "camera-shift")) || (data25 === "action-scale")) || (data25 === "no-gripper-cam")) || (data25 === "mirrored"))){
const err50 = {instancePath:instancePath+"/embodiment",schemaPath:"#/properties/embodiment/enum",keyword:"enum",params:{allowedValues: schema20.properties.embodiment.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.embodiment.enum,parentSchema:schema20.properties.embodiment,data:data25};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data.tasks !== undefined){
let data26 = data.tasks;
if(Array.isArray(data26)){
const len1 = data26.length;
for(let i1=0; i1<len1; i1++){
let data27 = data26[i1];
if(!((((((((((((((((((((((((((((((((((data27 === "rotate_red_block_right") || (data27 === "rotate_red_block_left")) || (data27 === "rotate_blue_block_right")) || (data27 === "rotate_blue_block_left")) || (data27 === "rotate_pink_block_right")) || (data27 === "rotate_pink_block_left")) || (data27 === "push_red_block_right")) || (data27 === "push_red_block_left")) || (data27 === "push_blue_block_right")) || (data27 === "push_blue_block_left")) || (data27 === "push_pink_block_right")) || (data27 === "push_pink_block_left")) || (data27 === "move_slider_left")) || (data27 === "move_slider_right")) || (data27 === "open_drawer")) || (data27 === "close_drawer")) || (data27 === "lift_red_block_table")) || (data27 === "lift_blue_block_table")) || (data27 === "lift_pink_block_table")) || (data27 === "lift_red_block_slider")) || (data27 === "lift_blue_block_slider")) || (data27 === "lift_pink_block_slider")) || (data27 === "lift_red_block_drawer")) || (data27 === "lift_blue_block_drawer")) || (data27 === "lift_pink_block_drawer")) || (data27 === "place_in_slider")) || (data27 === "place_in_drawer")) || (data27 === "stack_block")) || (data27 === "unstack_block")) || (data27 === "turn_on_lightbulb")) || (data27 === "turn_off_lightbulb")) || (data27 === "turn_on_led")) || (data27 === "turn_off_led")) || (data27 === "push_into_drawer"))){
const err51 = {instancePath:instancePath+"/tasks/" + i1,schemaPath:"#/definitions/taskName/enum",keyword:"enum",params:{allowedValues: schema22.enum},message:"must be equal to one of the allowed values",schema:schema22.enum,parentSchema:schema22,data:data27};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
let i2 = data26.length;
let j0;
if(i2 > 1){
outer0:
for(;i2--;){
for(j0 = i2; j0--;){
if(func0(data26[i2], data26[j0])){
const err52 = {instancePath:instancePath+"/tasks",schemaPath:"#/properties/tasks/uniqueItems",keyword:"uniqueItems",params:{i: i2, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i2+" are identical)",schema:true,parentSchema:schema20.properties.tasks,data:data26};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err53 = {instancePath:instancePath+"/tasks",schemaPath:"#/properties/tasks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema20.properties.tasks.type,parentSchema:schema20.properties.tasks,data:data26};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data.episodes !== undefined){
let data28 = data.episodes;
if(!(((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28))) && (isFinite(data28)))){
const err54 = {instancePath:instancePath+"/episodes",schemaPath:"#/properties/episodes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.episodes.type,parentSchema:schema20.properties.episodes,data:data28};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 > 1000000 || isNaN(data28)){
const err55 = {instancePath:instancePath+"/episodes",schemaPath:"#/properties/episodes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema20.properties.episodes,data:data28};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
if(data28 < 1 || isNaN(data28)){
const err56 = {instancePath:instancePath+"/episodes",schemaPath:"#/properties/episodes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema20.properties.episodes,data:data28};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
if(data.few_shot !== undefined){
let data29 = data.few_shot;
if(!(((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29))) && (isFinite(data29)))){
const err57 = {instancePath:instancePath+"/few_shot",schemaPath:"#/properties/few_shot/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.few_shot.type,parentSchema:schema20.properties.few_shot,data:data29};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 > 1000000 || isNaN(data29)){
const err58 = {instancePath:instancePath+"/few_shot",schemaPath:"#/properties/few_shot/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema20.properties.few_shot,data:data29};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(data29 < 1 || isNaN(data29)){
const err59 = {instancePath:instancePath+"/few_shot",schemaPath:"#/properties/few_shot/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema20.properties.few_shot,data:data29};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
if(data.seed !== undefined){
let data30 = data.seed;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err60 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.seed.type,parentSchema:schema20.properties.seed,data:data30};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 > 2147483647 || isNaN(data30)){
const err61 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647",schema:2147483647,parentSchema:schema20.properties.seed,data:data30};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data30 < 0 || isNaN(data30)){
const err62 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20.properties.seed,data:data30};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
if(data.expert_routes !== undefined){
let data31 = data.expert_routes;
if(!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))){
const err63 = {instancePath:instancePath+"/expert_routes",schemaPath:"#/properties/expert_routes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.expert_routes.type,parentSchema:schema20.properties.expert_routes,data:data31};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(!((data31 === 1) || (data31 === 2))){
const err64 = {instancePath:instancePath+"/expert_routes",schemaPath:"#/properties/expert_routes/enum",keyword:"enum",params:{allowedValues: schema20.properties.expert_routes.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.expert_routes.enum,parentSchema:schema20.properties.expert_routes,data:data31};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data.obstacle !== undefined){
let data32 = data.obstacle;
if(typeof data32 !== "boolean"){
const err65 = {instancePath:instancePath+"/obstacle",schemaPath:"#/properties/obstacle/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema20.properties.obstacle.type,parentSchema:schema20.properties.obstacle,data:data32};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data.lead_in !== undefined){
let data33 = data.lead_in;
if(!((data33 === "articulated") || (data33 === "any"))){
const err66 = {instancePath:instancePath+"/lead_in",schemaPath:"#/properties/lead_in/enum",keyword:"enum",params:{allowedValues: schema20.properties.lead_in.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.lead_in.enum,parentSchema:schema20.properties.lead_in,data:data33};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data.desk !== undefined){
let data34 = data.desk;
if(!((data34 === "scene") || (data34 === "random"))){
const err67 = {instancePath:instancePath+"/desk",schemaPath:"#/properties/desk/enum",keyword:"enum",params:{allowedValues: schema20.properties.desk.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.desk.enum,parentSchema:schema20.properties.desk,data:data34};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data.scenes !== undefined){
let data35 = data.scenes;
if(Array.isArray(data35)){
if(data35.length < 1){
const err68 = {instancePath:instancePath+"/scenes",schemaPath:"#/properties/scenes/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema20.properties.scenes,data:data35};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
const len2 = data35.length;
for(let i3=0; i3<len2; i3++){
let data36 = data35[i3];
if(!((((data36 === "A") || (data36 === "B")) || (data36 === "C")) || (data36 === "D"))){
const err69 = {instancePath:instancePath+"/scenes/" + i3,schemaPath:"#/properties/scenes/items/enum",keyword:"enum",params:{allowedValues: schema20.properties.scenes.items.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.scenes.items.enum,parentSchema:schema20.properties.scenes.items,data:data36};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
let i4 = data35.length;
let j1;
if(i4 > 1){
outer1:
for(;i4--;){
for(j1 = i4; j1--;){
if(func0(data35[i4], data35[j1])){
const err70 = {instancePath:instancePath+"/scenes",schemaPath:"#/properties/scenes/uniqueItems",keyword:"uniqueItems",params:{i: i4, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i4+" are identical)",schema:true,parentSchema:schema20.properties.scenes,data:data35};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
break outer1;
}
}
}
}
}
else {
const err71 = {instancePath:instancePath+"/scenes",schemaPath:"#/properties/scenes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema20.properties.scenes.type,parentSchema:schema20.properties.scenes,data:data35};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.type,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
validate17.errors = vErrors;
return errors === 0;
}


function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.datasets === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "datasets"},message:"must have required property '"+"datasets"+"'",schema:schema19.required,parentSchema:schema19,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "name") || (key0 === "datasets")) || (key0 === "epochs")) || (key0 === "steps")) || (key0 === "lr"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema19,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern0.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]+$"+"\"",schema:"^[A-Za-z0-9_.-]+$",parentSchema:schema19.properties.name,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.properties.name.type,parentSchema:schema19.properties.name,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.datasets !== undefined){
let data1 = data.datasets;
if(Array.isArray(data1)){
if(data1.length < 1){
const err4 = {instancePath:instancePath+"/datasets",schemaPath:"#/properties/datasets/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema19.properties.datasets,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(!(validate17(data1[i0], {instancePath:instancePath+"/datasets/" + i0,parentData:data1,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
}
else {
const err5 = {instancePath:instancePath+"/datasets",schemaPath:"#/properties/datasets/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema19.properties.datasets.type,parentSchema:schema19.properties.datasets,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.epochs !== undefined){
let data3 = data.epochs;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err6 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.epochs.type,parentSchema:schema19.properties.epochs,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 100000 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema19.properties.epochs,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.epochs,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.steps !== undefined){
let data4 = data.steps;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err9 = {instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.steps.type,parentSchema:schema19.properties.steps,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 100000000 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000000},message:"must be <= 100000000",schema:100000000,parentSchema:schema19.properties.steps,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data4 < 1 || isNaN(data4)){
const err11 = {instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.steps,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
if(data.lr !== undefined){
let data5 = data.lr;
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 10 || isNaN(data5)){
const err12 = {instancePath:instancePath+"/lr",schemaPath:"#/properties/lr/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10",schema:10,parentSchema:schema19.properties.lr,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data5 <= 0 || isNaN(data5)){
const err13 = {instancePath:instancePath+"/lr",schemaPath:"#/properties/lr/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema19.properties.lr,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/lr",schemaPath:"#/properties/lr/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema19.properties.lr.type,parentSchema:schema19.properties.lr,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema19.type,parentSchema:schema19,data};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
validate16.errors = vErrors;
return errors === 0;
}


function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.stages === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "stages"},message:"must have required property '"+"stages"+"'",schema:schema18.required,parentSchema:schema18,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "recipe") || (key0 === "stages"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema18,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.recipe !== undefined){
let data0 = data.recipe;
if(!(((data0 === "finetune") || (data0 === "post-train")) || (data0 === "co-train"))){
const err2 = {instancePath:instancePath+"/recipe",schemaPath:"#/properties/recipe/enum",keyword:"enum",params:{allowedValues: schema18.properties.recipe.enum},message:"must be equal to one of the allowed values",schema:schema18.properties.recipe.enum,parentSchema:schema18.properties.recipe,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.stages !== undefined){
let data1 = data.stages;
if(Array.isArray(data1)){
if(data1.length < 1){
const err3 = {instancePath:instancePath+"/stages",schemaPath:"#/properties/stages/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema18.properties.stages,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(!(validate16(data1[i0], {instancePath:instancePath+"/stages/" + i0,parentData:data1,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
errors = vErrors.length;
}
}
}
else {
const err4 = {instancePath:instancePath+"/stages",schemaPath:"#/properties/stages/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema18.properties.stages.type,parentSchema:schema18.properties.stages,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
else {
const err5 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
validate15.errors = vErrors;
return errors === 0;
}

const schema24 = schema.definitions.evalEntry;

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.benchmark === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "benchmark"},message:"must have required property '"+"benchmark"+"'",schema:schema24.required,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema24.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.benchmark !== undefined){
let data0 = data.benchmark;
if(!(((data0 === "playtable") || (data0 === "calvin")) || (data0 === "simpler"))){
const err2 = {instancePath:instancePath+"/benchmark",schemaPath:"#/properties/benchmark/enum",keyword:"enum",params:{allowedValues: schema24.properties.benchmark.enum},message:"must be equal to one of the allowed values",schema:schema24.properties.benchmark.enum,parentSchema:schema24.properties.benchmark,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.chains !== undefined){
let data1 = data.chains;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err3 = {instancePath:instancePath+"/chains",schemaPath:"#/properties/chains/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.chains.type,parentSchema:schema24.properties.chains,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 1000 || isNaN(data1)){
const err4 = {instancePath:instancePath+"/chains",schemaPath:"#/properties/chains/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema24.properties.chains,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data1 < 1 || isNaN(data1)){
const err5 = {instancePath:instancePath+"/chains",schemaPath:"#/properties/chains/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema24.properties.chains,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
if(data.chain_length !== undefined){
let data2 = data.chain_length;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err6 = {instancePath:instancePath+"/chain_length",schemaPath:"#/properties/chain_length/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.chain_length.type,parentSchema:schema24.properties.chain_length,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 5 || isNaN(data2)){
const err7 = {instancePath:instancePath+"/chain_length",schemaPath:"#/properties/chain_length/maximum",keyword:"maximum",params:{comparison: "<=", limit: 5},message:"must be <= 5",schema:5,parentSchema:schema24.properties.chain_length,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err8 = {instancePath:instancePath+"/chain_length",schemaPath:"#/properties/chain_length/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema24.properties.chain_length,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.sequences !== undefined){
let data3 = data.sequences;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/sequences",schemaPath:"#/properties/sequences/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema24.properties.sequences.type,parentSchema:schema24.properties.sequences,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.tasks !== undefined){
let data4 = data.tasks;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(!((((((((((((((((((((((((((((((((((data5 === "rotate_red_block_right") || (data5 === "rotate_red_block_left")) || (data5 === "rotate_blue_block_right")) || (data5 === "rotate_blue_block_left")) || (data5 === "rotate_pink_block_right")) || (data5 === "rotate_pink_block_left")) || (data5 === "push_red_block_right")) || (data5 === "push_red_block_left")) || (data5 === "push_blue_block_right")) || (data5 === "push_blue_block_left")) || (data5 === "push_pink_block_right")) || (data5 === "push_pink_block_left")) || (data5 === "move_slider_left")) || (data5 === "move_slider_right")) || (data5 === "open_drawer")) || (data5 === "close_drawer")) || (data5 === "lift_red_block_table")) || (data5 === "lift_blue_block_table")) || (data5 === "lift_pink_block_table")) || (data5 === "lift_red_block_slider")) || (data5 === "lift_blue_block_slider")) || (data5 === "lift_pink_block_slider")) || (data5 === "lift_red_block_drawer")) || (data5 === "lift_blue_block_drawer")) || (data5 === "lift_pink_block_drawer")) || (data5 === "place_in_slider")) || (data5 === "place_in_drawer")) || (data5 === "stack_block")) || (data5 === "unstack_block")) || (data5 === "turn_on_lightbulb")) || (data5 === "turn_off_lightbulb")) || (data5 === "turn_on_led")) || (data5 === "turn_off_led")) || (data5 === "push_into_drawer"))){
const err10 = {instancePath:instancePath+"/tasks/" + i0,schemaPath:"#/definitions/taskName/enum",keyword:"enum",params:{allowedValues: schema22.enum},message:"must be equal to one of the allowed values",schema:schema22.enum,parentSchema:schema22,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
outer0:
for(;i1--;){
for(j0 = i1; j0--;){
if(func0(data4[i1], data4[j0])){
const err11 = {instancePath:instancePath+"/tasks",schemaPath:"#/properties/tasks/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema24.properties.tasks,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err12 = {instancePath:instancePath+"/tasks",schemaPath:"#/properties/tasks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema24.properties.tasks.type,parentSchema:schema24.properties.tasks,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.max_steps !== undefined){
let data6 = data.max_steps;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err13 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.max_steps.type,parentSchema:schema24.properties.max_steps,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 100000 || isNaN(data6)){
const err14 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema24.properties.max_steps,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data6 < 1 || isNaN(data6)){
const err15 = {instancePath:instancePath+"/max_steps",schemaPath:"#/properties/max_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema24.properties.max_steps,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
if(data.videos !== undefined){
let data7 = data.videos;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err16 = {instancePath:instancePath+"/videos",schemaPath:"#/properties/videos/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.videos.type,parentSchema:schema24.properties.videos,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 10000 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/videos",schemaPath:"#/properties/videos/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema24.properties.videos,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data7 < 0 || isNaN(data7)){
const err18 = {instancePath:instancePath+"/videos",schemaPath:"#/properties/videos/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema24.properties.videos,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
if(data.held_out_phrasings !== undefined){
let data8 = data.held_out_phrasings;
if(typeof data8 !== "boolean"){
const err19 = {instancePath:instancePath+"/held_out_phrasings",schemaPath:"#/properties/held_out_phrasings/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema24.properties.held_out_phrasings.type,parentSchema:schema24.properties.held_out_phrasings,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.scene !== undefined){
let data9 = data.scene;
if(!((((data9 === "A") || (data9 === "B")) || (data9 === "C")) || (data9 === "D"))){
const err20 = {instancePath:instancePath+"/scene",schemaPath:"#/properties/scene/enum",keyword:"enum",params:{allowedValues: schema24.properties.scene.enum},message:"must be equal to one of the allowed values",schema:schema24.properties.scene.enum,parentSchema:schema24.properties.scene,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.seed !== undefined){
let data10 = data.seed;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err21 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.seed.type,parentSchema:schema24.properties.seed,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 2147483647 || isNaN(data10)){
const err22 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647",schema:2147483647,parentSchema:schema24.properties.seed,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data10 < 0 || isNaN(data10)){
const err23 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema24.properties.seed,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
if(data.control_hz !== undefined){
let data11 = data.control_hz;
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 1000 || isNaN(data11)){
const err24 = {instancePath:instancePath+"/control_hz",schemaPath:"#/properties/control_hz/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema24.properties.control_hz,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data11 <= 0 || isNaN(data11)){
const err25 = {instancePath:instancePath+"/control_hz",schemaPath:"#/properties/control_hz/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema24.properties.control_hz,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/control_hz",schemaPath:"#/properties/control_hz/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema24.properties.control_hz.type,parentSchema:schema24.properties.control_hz,data:data11};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.execution !== undefined){
let data12 = data.execution;
if(!((((data12 === "first") || (data12 === "chunk")) || (data12 === "ensemble")) || (data12 === "rtc"))){
const err27 = {instancePath:instancePath+"/execution",schemaPath:"#/properties/execution/enum",keyword:"enum",params:{allowedValues: schema24.properties.execution.enum},message:"must be equal to one of the allowed values",schema:schema24.properties.execution.enum,parentSchema:schema24.properties.execution,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.delay !== undefined){
let data13 = data.delay;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err28 = {instancePath:instancePath+"/delay",schemaPath:"#/properties/delay/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.delay.type,parentSchema:schema24.properties.delay,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 64 || isNaN(data13)){
const err29 = {instancePath:instancePath+"/delay",schemaPath:"#/properties/delay/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema24.properties.delay,data:data13};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data13 < 0 || isNaN(data13)){
const err30 = {instancePath:instancePath+"/delay",schemaPath:"#/properties/delay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema24.properties.delay,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
if(data.obstacle !== undefined){
let data14 = data.obstacle;
if(typeof data14 !== "boolean"){
const err31 = {instancePath:instancePath+"/obstacle",schemaPath:"#/properties/obstacle/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema24.properties.obstacle.type,parentSchema:schema24.properties.obstacle,data:data14};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.rtc_horizon !== undefined){
let data15 = data.rtc_horizon;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err32 = {instancePath:instancePath+"/rtc_horizon",schemaPath:"#/properties/rtc_horizon/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema24.properties.rtc_horizon.type,parentSchema:schema24.properties.rtc_horizon,data:data15};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 > 64 || isNaN(data15)){
const err33 = {instancePath:instancePath+"/rtc_horizon",schemaPath:"#/properties/rtc_horizon/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema24.properties.rtc_horizon,data:data15};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(data15 < 1 || isNaN(data15)){
const err34 = {instancePath:instancePath+"/rtc_horizon",schemaPath:"#/properties/rtc_horizon/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema24.properties.rtc_horizon,data:data15};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
if(data.rtc_guidance !== undefined){
let data16 = data.rtc_guidance;
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 100 || isNaN(data16)){
const err35 = {instancePath:instancePath+"/rtc_guidance",schemaPath:"#/properties/rtc_guidance/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema24.properties.rtc_guidance,data:data16};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data16 <= 0 || isNaN(data16)){
const err36 = {instancePath:instancePath+"/rtc_guidance",schemaPath:"#/properties/rtc_guidance/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema24.properties.rtc_guidance,data:data16};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/rtc_guidance",schemaPath:"#/properties/rtc_guidance/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema24.properties.rtc_guidance.type,parentSchema:schema24.properties.rtc_guidance,data:data16};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.ensemble_decay !== undefined){
let data17 = data.ensemble_decay;
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 > 10 || isNaN(data17)){
const err38 = {instancePath:instancePath+"/ensemble_decay",schemaPath:"#/properties/ensemble_decay/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10",schema:10,parentSchema:schema24.properties.ensemble_decay,data:data17};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if(data17 < 0 || isNaN(data17)){
const err39 = {instancePath:instancePath+"/ensemble_decay",schemaPath:"#/properties/ensemble_decay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema24.properties.ensemble_decay,data:data17};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/ensemble_decay",schemaPath:"#/properties/ensemble_decay/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema24.properties.ensemble_decay.type,parentSchema:schema24.properties.ensemble_decay,data:data17};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema24.type,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}

const schema26 = schema.definitions.resources;
const schema27 = schema.definitions.hostName;
const pattern3 = new RegExp("^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$", "u");
const pattern6 = new RegExp("^[A-Za-z0-9_.,-]+$", "u");
const pattern7 = new RegExp("^[0-9:-]+$", "u");
const pattern10 = new RegExp("^[A-Za-z0-9_.@-]+$", "u");
const pattern11 = new RegExp("^--[a-z-]+(=[^\\n]*)?$", "u");

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((((key0 === "launcher") || (key0 === "gpus")) || (key0 === "nodes")) || (key0 === "hosts")) || (key0 === "processes")) || (key0 === "cpus_per_gpu")) || (key0 === "priority")) || (key0 === "slurm"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.launcher !== undefined){
let data0 = data.launcher;
if(!((((data0 === "local") || (data0 === "torchrun")) || (data0 === "slurm")) || (data0 === "hosts"))){
const err1 = {instancePath:instancePath+"/launcher",schemaPath:"#/properties/launcher/enum",keyword:"enum",params:{allowedValues: schema26.properties.launcher.enum},message:"must be equal to one of the allowed values",schema:schema26.properties.launcher.enum,parentSchema:schema26.properties.launcher,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.gpus !== undefined){
let data1 = data.gpus;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err2 = {instancePath:instancePath+"/gpus",schemaPath:"#/properties/gpus/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema26.properties.gpus.type,parentSchema:schema26.properties.gpus,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 64 || isNaN(data1)){
const err3 = {instancePath:instancePath+"/gpus",schemaPath:"#/properties/gpus/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema26.properties.gpus,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data1 < 0 || isNaN(data1)){
const err4 = {instancePath:instancePath+"/gpus",schemaPath:"#/properties/gpus/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema26.properties.gpus,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
if(data.nodes !== undefined){
let data2 = data.nodes;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err5 = {instancePath:instancePath+"/nodes",schemaPath:"#/properties/nodes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema26.properties.nodes.type,parentSchema:schema26.properties.nodes,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 1024 || isNaN(data2)){
const err6 = {instancePath:instancePath+"/nodes",schemaPath:"#/properties/nodes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema26.properties.nodes,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err7 = {instancePath:instancePath+"/nodes",schemaPath:"#/properties/nodes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema26.properties.nodes,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
if(data.hosts !== undefined){
let data3 = data.hosts;
if(Array.isArray(data3)){
if(data3.length > 1024){
const err8 = {instancePath:instancePath+"/hosts",schemaPath:"#/properties/hosts/maxItems",keyword:"maxItems",params:{limit: 1024},message:"must NOT have more than 1024 items",schema:1024,parentSchema:schema26.properties.hosts,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data3.length < 1){
const err9 = {instancePath:instancePath+"/hosts",schemaPath:"#/properties/hosts/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema26.properties.hosts,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
const _errs10 = errors;
let valid3 = false;
const _errs11 = errors;
if(typeof data4 === "string"){
if(!pattern3.test(data4)){
const err10 = {instancePath:instancePath+"/hosts/" + i0,schemaPath:"#/definitions/hostName/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$"},message:"must match pattern \""+"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$"+"\"",schema:"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$",parentSchema:schema27,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/hosts/" + i0,schemaPath:"#/definitions/hostName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema27.type,parentSchema:schema27,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var _valid0 = _errs11 === errors;
valid3 = valid3 || _valid0;
if(!valid3){
const _errs14 = errors;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.name === undefined){
const err12 = {instancePath:instancePath+"/hosts/" + i0,schemaPath:"#/properties/hosts/items/anyOf/1/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema26.properties.hosts.items.anyOf[1].required,parentSchema:schema26.properties.hosts.items.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
for(const key1 in data4){
if(!((key1 === "name") || (key1 === "address"))){
const err13 = {instancePath:instancePath+"/hosts/" + i0,schemaPath:"#/properties/hosts/items/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema26.properties.hosts.items.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data4.name !== undefined){
let data5 = data4.name;
if(typeof data5 === "string"){
if(!pattern3.test(data5)){
const err14 = {instancePath:instancePath+"/hosts/" + i0+"/name",schemaPath:"#/definitions/hostName/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$"},message:"must match pattern \""+"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$"+"\"",schema:"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$",parentSchema:schema27,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/hosts/" + i0+"/name",schemaPath:"#/definitions/hostName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema27.type,parentSchema:schema27,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data4.address !== undefined){
let data6 = data4.address;
if(typeof data6 === "string"){
if(!pattern3.test(data6)){
const err16 = {instancePath:instancePath+"/hosts/" + i0+"/address",schemaPath:"#/definitions/hostName/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$"},message:"must match pattern \""+"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$"+"\"",schema:"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,252}$",parentSchema:schema27,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/hosts/" + i0+"/address",schemaPath:"#/definitions/hostName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema27.type,parentSchema:schema27,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/hosts/" + i0,schemaPath:"#/properties/hosts/items/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema26.properties.hosts.items.anyOf[1].type,parentSchema:schema26.properties.hosts.items.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var _valid0 = _errs14 === errors;
valid3 = valid3 || _valid0;
}
if(!valid3){
const err19 = {instancePath:instancePath+"/hosts/" + i0,schemaPath:"#/properties/hosts/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema26.properties.hosts.items.anyOf,parentSchema:schema26.properties.hosts.items,data:data4};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
else {
errors = _errs10;
if(vErrors !== null){
if(_errs10){
vErrors.length = _errs10;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err20 = {instancePath:instancePath+"/hosts",schemaPath:"#/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema26.properties.hosts.type,parentSchema:schema26.properties.hosts,data:data3};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.processes !== undefined){
let data7 = data.processes;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err21 = {instancePath:instancePath+"/processes",schemaPath:"#/properties/processes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema26.properties.processes.type,parentSchema:schema26.properties.processes,data:data7};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 256 || isNaN(data7)){
const err22 = {instancePath:instancePath+"/processes",schemaPath:"#/properties/processes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 256},message:"must be <= 256",schema:256,parentSchema:schema26.properties.processes,data:data7};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err23 = {instancePath:instancePath+"/processes",schemaPath:"#/properties/processes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema26.properties.processes,data:data7};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
if(data.cpus_per_gpu !== undefined){
let data8 = data.cpus_per_gpu;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
const err24 = {instancePath:instancePath+"/cpus_per_gpu",schemaPath:"#/properties/cpus_per_gpu/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema26.properties.cpus_per_gpu.type,parentSchema:schema26.properties.cpus_per_gpu,data:data8};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 1024 || isNaN(data8)){
const err25 = {instancePath:instancePath+"/cpus_per_gpu",schemaPath:"#/properties/cpus_per_gpu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema26.properties.cpus_per_gpu,data:data8};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data8 < 1 || isNaN(data8)){
const err26 = {instancePath:instancePath+"/cpus_per_gpu",schemaPath:"#/properties/cpus_per_gpu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema26.properties.cpus_per_gpu,data:data8};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
if(data.priority !== undefined){
let data9 = data.priority;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err27 = {instancePath:instancePath+"/priority",schemaPath:"#/properties/priority/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema26.properties.priority.type,parentSchema:schema26.properties.priority,data:data9};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 1000000 || isNaN(data9)){
const err28 = {instancePath:instancePath+"/priority",schemaPath:"#/properties/priority/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema26.properties.priority,data:data9};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data9 < -1000000 || isNaN(data9)){
const err29 = {instancePath:instancePath+"/priority",schemaPath:"#/properties/priority/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1000000},message:"must be >= -1000000",schema:-1000000,parentSchema:schema26.properties.priority,data:data9};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
if(data.slurm !== undefined){
let data10 = data.slurm;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key2 in data10){
if(!((((((key2 === "partition") || (key2 === "time")) || (key2 === "account")) || (key2 === "qos")) || (key2 === "login")) || (key2 === "extra"))){
const err30 = {instancePath:instancePath+"/slurm",schemaPath:"#/properties/slurm/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema26.properties.slurm,data:data10};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data10.partition !== undefined){
let data11 = data10.partition;
if(typeof data11 === "string"){
if(!pattern6.test(data11)){
const err31 = {instancePath:instancePath+"/slurm/partition",schemaPath:"#/properties/slurm/properties/partition/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.,-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.,-]+$"+"\"",schema:"^[A-Za-z0-9_.,-]+$",parentSchema:schema26.properties.slurm.properties.partition,data:data11};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/slurm/partition",schemaPath:"#/properties/slurm/properties/partition/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.properties.slurm.properties.partition.type,parentSchema:schema26.properties.slurm.properties.partition,data:data11};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data10.time !== undefined){
let data12 = data10.time;
if(typeof data12 === "string"){
if(!pattern7.test(data12)){
const err33 = {instancePath:instancePath+"/slurm/time",schemaPath:"#/properties/slurm/properties/time/pattern",keyword:"pattern",params:{pattern: "^[0-9:-]+$"},message:"must match pattern \""+"^[0-9:-]+$"+"\"",schema:"^[0-9:-]+$",parentSchema:schema26.properties.slurm.properties.time,data:data12};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/slurm/time",schemaPath:"#/properties/slurm/properties/time/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.properties.slurm.properties.time.type,parentSchema:schema26.properties.slurm.properties.time,data:data12};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data10.account !== undefined){
let data13 = data10.account;
if(typeof data13 === "string"){
if(!pattern0.test(data13)){
const err35 = {instancePath:instancePath+"/slurm/account",schemaPath:"#/properties/slurm/properties/account/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]+$"+"\"",schema:"^[A-Za-z0-9_.-]+$",parentSchema:schema26.properties.slurm.properties.account,data:data13};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/slurm/account",schemaPath:"#/properties/slurm/properties/account/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.properties.slurm.properties.account.type,parentSchema:schema26.properties.slurm.properties.account,data:data13};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data10.qos !== undefined){
let data14 = data10.qos;
if(typeof data14 === "string"){
if(!pattern0.test(data14)){
const err37 = {instancePath:instancePath+"/slurm/qos",schemaPath:"#/properties/slurm/properties/qos/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]+$"+"\"",schema:"^[A-Za-z0-9_.-]+$",parentSchema:schema26.properties.slurm.properties.qos,data:data14};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/slurm/qos",schemaPath:"#/properties/slurm/properties/qos/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.properties.slurm.properties.qos.type,parentSchema:schema26.properties.slurm.properties.qos,data:data14};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data10.login !== undefined){
let data15 = data10.login;
if(typeof data15 === "string"){
if(!pattern10.test(data15)){
const err39 = {instancePath:instancePath+"/slurm/login",schemaPath:"#/properties/slurm/properties/login/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.@-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.@-]+$"+"\"",schema:"^[A-Za-z0-9_.@-]+$",parentSchema:schema26.properties.slurm.properties.login,data:data15};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/slurm/login",schemaPath:"#/properties/slurm/properties/login/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.properties.slurm.properties.login.type,parentSchema:schema26.properties.slurm.properties.login,data:data15};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data10.extra !== undefined){
let data16 = data10.extra;
if(Array.isArray(data16)){
const len1 = data16.length;
for(let i1=0; i1<len1; i1++){
let data17 = data16[i1];
if(typeof data17 === "string"){
if(!pattern11.test(data17)){
const err41 = {instancePath:instancePath+"/slurm/extra/" + i1,schemaPath:"#/properties/slurm/properties/extra/items/pattern",keyword:"pattern",params:{pattern: "^--[a-z-]+(=[^\\n]*)?$"},message:"must match pattern \""+"^--[a-z-]+(=[^\\n]*)?$"+"\"",schema:"^--[a-z-]+(=[^\\n]*)?$",parentSchema:schema26.properties.slurm.properties.extra.items,data:data17};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/slurm/extra/" + i1,schemaPath:"#/properties/slurm/properties/extra/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.properties.slurm.properties.extra.items.type,parentSchema:schema26.properties.slurm.properties.extra.items,data:data17};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath:instancePath+"/slurm/extra",schemaPath:"#/properties/slurm/properties/extra/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema26.properties.slurm.properties.extra.type,parentSchema:schema26.properties.slurm.properties.extra,data:data16};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/slurm",schemaPath:"#/properties/slurm/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema26.properties.slurm.type,parentSchema:schema26.properties.slurm,data:data10};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema26.type,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://vla-lab.dev/schemas/experiment.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.$schema.type,parentSchema:schema11.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func3(data1) > 100){
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/maxLength",keyword:"maxLength",params:{limit: 100},message:"must NOT have more than 100 characters",schema:100,parentSchema:schema11.properties.name,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(func3(data1) < 1){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.name,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(!pattern0.test(data1)){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]+$"+"\"",schema:"^[A-Za-z0-9_.-]+$",parentSchema:schema11.properties.name,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.name.type,parentSchema:schema11.properties.name,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err7 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.description.type,parentSchema:schema11.properties.description,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.backend !== undefined){
let data3 = data.backend;
if(!((data3 === "builtin") || (data3 === "robovlms"))){
const err8 = {instancePath:instancePath+"/backend",schemaPath:"#/properties/backend/enum",keyword:"enum",params:{allowedValues: schema11.properties.backend.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.backend.enum,parentSchema:schema11.properties.backend,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.backbone !== undefined){
let data4 = data.backbone;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.id === undefined){
const err9 = {instancePath:instancePath+"/backbone",schemaPath:"#/definitions/backbone/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema12.required,parentSchema:schema12,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
for(const key1 in data4){
if(!(((((((key1 === "id") || (key1 === "size")) || (key1 === "path")) || (key1 === "train")) || (key1 === "init")) || (key1 === "feature_layer")) || (key1 === "lora"))){
const err10 = {instancePath:instancePath+"/backbone",schemaPath:"#/definitions/backbone/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data4.id !== undefined){
let data5 = data4.id;
if(typeof data5 !== "string"){
const err11 = {instancePath:instancePath+"/backbone/id",schemaPath:"#/definitions/backbone/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.id.type,parentSchema:schema12.properties.id,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs15 = errors;
let valid3 = false;
const _errs16 = errors;
if(!(((((((((data5 === "tiny-prefix") || (data5 === "tiny-xattn")) || (data5 === "kosmos-2")) || (data5 === "paligemma-3b")) || (data5 === "llava-7b")) || (data5 === "qwen-vl-7b")) || (data5 === "flamingo-3b")) || (data5 === "moondream2")) || (data5 === "uform-gen"))){
const err12 = {instancePath:instancePath+"/backbone/id",schemaPath:"#/definitions/backbone/properties/id/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema12.properties.id.anyOf[0].enum},message:"must be equal to one of the allowed values",schema:schema12.properties.id.anyOf[0].enum,parentSchema:schema12.properties.id.anyOf[0],data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var _valid0 = _errs16 === errors;
valid3 = valid3 || _valid0;
if(!valid3){
const _errs17 = errors;
if(typeof data5 === "string"){
if(!pattern1.test(data5)){
const err13 = {instancePath:instancePath+"/backbone/id",schemaPath:"#/definitions/backbone/properties/id/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^hf:.+"},message:"must match pattern \""+"^hf:.+"+"\"",schema:"^hf:.+",parentSchema:schema12.properties.id.anyOf[1],data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/backbone/id",schemaPath:"#/definitions/backbone/properties/id/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.id.anyOf[1].type,parentSchema:schema12.properties.id.anyOf[1],data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid0 = _errs17 === errors;
valid3 = valid3 || _valid0;
}
if(!valid3){
const err15 = {instancePath:instancePath+"/backbone/id",schemaPath:"#/definitions/backbone/properties/id/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema12.properties.id.anyOf,parentSchema:schema12.properties.id,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs15;
if(vErrors !== null){
if(_errs15){
vErrors.length = _errs15;
}
else {
vErrors = null;
}
}
}
}
if(data4.size !== undefined){
let data6 = data4.size;
if(!(((((data6 === "nano") || (data6 === "micro")) || (data6 === "small")) || (data6 === "base")) || (data6 === "large"))){
const err16 = {instancePath:instancePath+"/backbone/size",schemaPath:"#/definitions/backbone/properties/size/enum",keyword:"enum",params:{allowedValues: schema12.properties.size.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.size.enum,parentSchema:schema12.properties.size,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data4.path !== undefined){
let data7 = data4.path;
if(typeof data7 !== "string"){
const err17 = {instancePath:instancePath+"/backbone/path",schemaPath:"#/definitions/backbone/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.path.type,parentSchema:schema12.properties.path,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data4.train !== undefined){
let data8 = data4.train;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key2 in data8){
if(!(((((key2 === "vision") || (key2 === "language")) || (key2 === "text_embedding")) || (key2 === "gradient_checkpointing")) || (key2 === "autocast"))){
const err18 = {instancePath:instancePath+"/backbone/train",schemaPath:"#/definitions/backbone/properties/train/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.train,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data8.vision !== undefined){
let data9 = data8.vision;
if(typeof data9 !== "boolean"){
const err19 = {instancePath:instancePath+"/backbone/train/vision",schemaPath:"#/definitions/backbone/properties/train/properties/vision/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.train.properties.vision.type,parentSchema:schema12.properties.train.properties.vision,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data8.language !== undefined){
let data10 = data8.language;
if(typeof data10 !== "boolean"){
const err20 = {instancePath:instancePath+"/backbone/train/language",schemaPath:"#/definitions/backbone/properties/train/properties/language/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.train.properties.language.type,parentSchema:schema12.properties.train.properties.language,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data8.text_embedding !== undefined){
let data11 = data8.text_embedding;
if(typeof data11 !== "boolean"){
const err21 = {instancePath:instancePath+"/backbone/train/text_embedding",schemaPath:"#/definitions/backbone/properties/train/properties/text_embedding/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.train.properties.text_embedding.type,parentSchema:schema12.properties.train.properties.text_embedding,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data8.gradient_checkpointing !== undefined){
let data12 = data8.gradient_checkpointing;
if(typeof data12 !== "boolean"){
const err22 = {instancePath:instancePath+"/backbone/train/gradient_checkpointing",schemaPath:"#/definitions/backbone/properties/train/properties/gradient_checkpointing/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.train.properties.gradient_checkpointing.type,parentSchema:schema12.properties.train.properties.gradient_checkpointing,data:data12};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data8.autocast !== undefined){
let data13 = data8.autocast;
if(!(((data13 === "none") || (data13 === "bf16")) || (data13 === "fp16"))){
const err23 = {instancePath:instancePath+"/backbone/train/autocast",schemaPath:"#/definitions/backbone/properties/train/properties/autocast/enum",keyword:"enum",params:{allowedValues: schema12.properties.train.properties.autocast.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.train.properties.autocast.enum,parentSchema:schema12.properties.train.properties.autocast,data:data13};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
else {
const err24 = {instancePath:instancePath+"/backbone/train",schemaPath:"#/definitions/backbone/properties/train/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.train.type,parentSchema:schema12.properties.train,data:data8};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data4.init !== undefined){
let data14 = data4.init;
if(!((data14 === "pretrained") || (data14 === "random"))){
const err25 = {instancePath:instancePath+"/backbone/init",schemaPath:"#/definitions/backbone/properties/init/enum",keyword:"enum",params:{allowedValues: schema12.properties.init.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.init.enum,parentSchema:schema12.properties.init,data:data14};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data4.feature_layer !== undefined){
let data15 = data4.feature_layer;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err26 = {instancePath:instancePath+"/backbone/feature_layer",schemaPath:"#/definitions/backbone/properties/feature_layer/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.feature_layer.type,parentSchema:schema12.properties.feature_layer,data:data15};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data4.lora !== undefined){
let data16 = data4.lora;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key3 in data16){
if(!((((((key3 === "enabled") || (key3 === "r")) || (key3 === "alpha")) || (key3 === "dropout")) || (key3 === "towers")) || (key3 === "target_modules"))){
const err27 = {instancePath:instancePath+"/backbone/lora",schemaPath:"#/definitions/backbone/properties/lora/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.lora,data:data16};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data16.enabled !== undefined){
let data17 = data16.enabled;
if(typeof data17 !== "boolean"){
const err28 = {instancePath:instancePath+"/backbone/lora/enabled",schemaPath:"#/definitions/backbone/properties/lora/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.lora.properties.enabled.type,parentSchema:schema12.properties.lora.properties.enabled,data:data17};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data16.r !== undefined){
let data18 = data16.r;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
const err29 = {instancePath:instancePath+"/backbone/lora/r",schemaPath:"#/definitions/backbone/properties/lora/properties/r/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.lora.properties.r.type,parentSchema:schema12.properties.lora.properties.r,data:data18};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 > 1024 || isNaN(data18)){
const err30 = {instancePath:instancePath+"/backbone/lora/r",schemaPath:"#/definitions/backbone/properties/lora/properties/r/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema12.properties.lora.properties.r,data:data18};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data18 < 1 || isNaN(data18)){
const err31 = {instancePath:instancePath+"/backbone/lora/r",schemaPath:"#/definitions/backbone/properties/lora/properties/r/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.lora.properties.r,data:data18};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
if(data16.alpha !== undefined){
let data19 = data16.alpha;
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 4096 || isNaN(data19)){
const err32 = {instancePath:instancePath+"/backbone/lora/alpha",schemaPath:"#/definitions/backbone/properties/lora/properties/alpha/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4096},message:"must be <= 4096",schema:4096,parentSchema:schema12.properties.lora.properties.alpha,data:data19};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(data19 <= 0 || isNaN(data19)){
const err33 = {instancePath:instancePath+"/backbone/lora/alpha",schemaPath:"#/definitions/backbone/properties/lora/properties/alpha/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema12.properties.lora.properties.alpha,data:data19};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/backbone/lora/alpha",schemaPath:"#/definitions/backbone/properties/lora/properties/alpha/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema12.properties.lora.properties.alpha.type,parentSchema:schema12.properties.lora.properties.alpha,data:data19};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data16.dropout !== undefined){
let data20 = data16.dropout;
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 > 1 || isNaN(data20)){
const err35 = {instancePath:instancePath+"/backbone/lora/dropout",schemaPath:"#/definitions/backbone/properties/lora/properties/dropout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema12.properties.lora.properties.dropout,data:data20};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data20 < 0 || isNaN(data20)){
const err36 = {instancePath:instancePath+"/backbone/lora/dropout",schemaPath:"#/definitions/backbone/properties/lora/properties/dropout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12.properties.lora.properties.dropout,data:data20};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/backbone/lora/dropout",schemaPath:"#/definitions/backbone/properties/lora/properties/dropout/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema12.properties.lora.properties.dropout.type,parentSchema:schema12.properties.lora.properties.dropout,data:data20};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data16.towers !== undefined){
let data21 = data16.towers;
if(!(((data21 === "language") || (data21 === "vision")) || (data21 === "both"))){
const err38 = {instancePath:instancePath+"/backbone/lora/towers",schemaPath:"#/definitions/backbone/properties/lora/properties/towers/enum",keyword:"enum",params:{allowedValues: schema12.properties.lora.properties.towers.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.lora.properties.towers.enum,parentSchema:schema12.properties.lora.properties.towers,data:data21};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data16.target_modules !== undefined){
let data22 = data16.target_modules;
if(Array.isArray(data22)){
const len0 = data22.length;
for(let i0=0; i0<len0; i0++){
let data23 = data22[i0];
if(typeof data23 === "string"){
if(func3(data23) < 1){
const err39 = {instancePath:instancePath+"/backbone/lora/target_modules/" + i0,schemaPath:"#/definitions/backbone/properties/lora/properties/target_modules/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.lora.properties.target_modules.items,data:data23};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/backbone/lora/target_modules/" + i0,schemaPath:"#/definitions/backbone/properties/lora/properties/target_modules/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.lora.properties.target_modules.items.type,parentSchema:schema12.properties.lora.properties.target_modules.items,data:data23};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/backbone/lora/target_modules",schemaPath:"#/definitions/backbone/properties/lora/properties/target_modules/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.lora.properties.target_modules.type,parentSchema:schema12.properties.lora.properties.target_modules,data:data22};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath:instancePath+"/backbone/lora",schemaPath:"#/definitions/backbone/properties/lora/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.lora.type,parentSchema:schema12.properties.lora,data:data16};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath:instancePath+"/backbone",schemaPath:"#/definitions/backbone/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data:data4};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.policy !== undefined){
if(!(validate11(data.policy, {instancePath:instancePath+"/policy",parentData:data,parentDataProperty:"policy",rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
}
if(data.observation !== undefined){
let data25 = data.observation;
if(data25 && typeof data25 == "object" && !Array.isArray(data25)){
for(const key4 in data25){
if(!((((key4 === "image_size") || (key4 === "patch_size")) || (key4 === "cameras")) || (key4 === "proprio"))){
const err44 = {instancePath:instancePath+"/observation",schemaPath:"#/definitions/observation/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema15,data:data25};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data25.image_size !== undefined){
let data26 = data25.image_size;
if(!(((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26))) && (isFinite(data26)))){
const err45 = {instancePath:instancePath+"/observation/image_size",schemaPath:"#/definitions/observation/properties/image_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema15.properties.image_size.type,parentSchema:schema15.properties.image_size,data:data26};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 > 1024 || isNaN(data26)){
const err46 = {instancePath:instancePath+"/observation/image_size",schemaPath:"#/definitions/observation/properties/image_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema15.properties.image_size,data:data26};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data26 < 16 || isNaN(data26)){
const err47 = {instancePath:instancePath+"/observation/image_size",schemaPath:"#/definitions/observation/properties/image_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 16},message:"must be >= 16",schema:16,parentSchema:schema15.properties.image_size,data:data26};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
if(data25.patch_size !== undefined){
let data27 = data25.patch_size;
if(!(((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27))) && (isFinite(data27)))){
const err48 = {instancePath:instancePath+"/observation/patch_size",schemaPath:"#/definitions/observation/properties/patch_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema15.properties.patch_size.type,parentSchema:schema15.properties.patch_size,data:data27};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 > 64 || isNaN(data27)){
const err49 = {instancePath:instancePath+"/observation/patch_size",schemaPath:"#/definitions/observation/properties/patch_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema15.properties.patch_size,data:data27};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if(data27 < 2 || isNaN(data27)){
const err50 = {instancePath:instancePath+"/observation/patch_size",schemaPath:"#/definitions/observation/properties/patch_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema15.properties.patch_size,data:data27};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
if(data25.cameras !== undefined){
let data28 = data25.cameras;
if(Array.isArray(data28)){
if(data28.length < 1){
const err51 = {instancePath:instancePath+"/observation/cameras",schemaPath:"#/definitions/observation/properties/cameras/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema15.properties.cameras,data:data28};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
const len1 = data28.length;
for(let i1=0; i1<len1; i1++){
let data29 = data28[i1];
if(!((data29 === "static") || (data29 === "gripper"))){
const err52 = {instancePath:instancePath+"/observation/cameras/" + i1,schemaPath:"#/definitions/observation/properties/cameras/items/enum",keyword:"enum",params:{allowedValues: schema15.properties.cameras.items.enum},message:"must be equal to one of the allowed values",schema:schema15.properties.cameras.items.enum,parentSchema:schema15.properties.cameras.items,data:data29};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
let i2 = data28.length;
let j0;
if(i2 > 1){
outer0:
for(;i2--;){
for(j0 = i2; j0--;){
if(func0(data28[i2], data28[j0])){
const err53 = {instancePath:instancePath+"/observation/cameras",schemaPath:"#/definitions/observation/properties/cameras/uniqueItems",keyword:"uniqueItems",params:{i: i2, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i2+" are identical)",schema:true,parentSchema:schema15.properties.cameras,data:data28};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err54 = {instancePath:instancePath+"/observation/cameras",schemaPath:"#/definitions/observation/properties/cameras/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema15.properties.cameras.type,parentSchema:schema15.properties.cameras,data:data28};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data25.proprio !== undefined){
let data30 = data25.proprio;
if(typeof data30 !== "boolean"){
const err55 = {instancePath:instancePath+"/observation/proprio",schemaPath:"#/definitions/observation/properties/proprio/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema15.properties.proprio.type,parentSchema:schema15.properties.proprio,data:data30};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath:instancePath+"/observation",schemaPath:"#/definitions/observation/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema15.type,parentSchema:schema15,data:data25};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.action !== undefined){
if(!(validate13(data.action, {instancePath:instancePath+"/action",parentData:data,parentDataProperty:"action",rootData}))){
vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
errors = vErrors.length;
}
}
if(data.data !== undefined){
if(!(validate15(data.data, {instancePath:instancePath+"/data",parentData:data,parentDataProperty:"data",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
}
if(data.train !== undefined){
let data33 = data.train;
if(data33 && typeof data33 == "object" && !Array.isArray(data33)){
for(const key5 in data33){
if(!(func2.call(schema23.properties, key5))){
const err57 = {instancePath:instancePath+"/train",schemaPath:"#/definitions/train/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema23,data:data33};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data33.batch_size !== undefined){
let data34 = data33.batch_size;
if(!(((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34))) && (isFinite(data34)))){
const err58 = {instancePath:instancePath+"/train/batch_size",schemaPath:"#/definitions/train/properties/batch_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.batch_size.type,parentSchema:schema23.properties.batch_size,data:data34};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 > 65536 || isNaN(data34)){
const err59 = {instancePath:instancePath+"/train/batch_size",schemaPath:"#/definitions/train/properties/batch_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65536},message:"must be <= 65536",schema:65536,parentSchema:schema23.properties.batch_size,data:data34};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data34 < 1 || isNaN(data34)){
const err60 = {instancePath:instancePath+"/train/batch_size",schemaPath:"#/definitions/train/properties/batch_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.batch_size,data:data34};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
}
if(data33.optimizer !== undefined){
let data35 = data33.optimizer;
if(!(((data35 === "adamw") || (data35 === "adam")) || (data35 === "sgd"))){
const err61 = {instancePath:instancePath+"/train/optimizer",schemaPath:"#/definitions/train/properties/optimizer/enum",keyword:"enum",params:{allowedValues: schema23.properties.optimizer.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.optimizer.enum,parentSchema:schema23.properties.optimizer,data:data35};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data33.lr !== undefined){
let data36 = data33.lr;
if((typeof data36 == "number") && (isFinite(data36))){
if(data36 > 10 || isNaN(data36)){
const err62 = {instancePath:instancePath+"/train/lr",schemaPath:"#/definitions/train/properties/lr/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10",schema:10,parentSchema:schema23.properties.lr,data:data36};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(data36 <= 0 || isNaN(data36)){
const err63 = {instancePath:instancePath+"/train/lr",schemaPath:"#/definitions/train/properties/lr/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema23.properties.lr,data:data36};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
else {
const err64 = {instancePath:instancePath+"/train/lr",schemaPath:"#/definitions/train/properties/lr/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.lr.type,parentSchema:schema23.properties.lr,data:data36};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data33.min_lr_scale !== undefined){
let data37 = data33.min_lr_scale;
if((typeof data37 == "number") && (isFinite(data37))){
if(data37 > 1 || isNaN(data37)){
const err65 = {instancePath:instancePath+"/train/min_lr_scale",schemaPath:"#/definitions/train/properties/min_lr_scale/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema23.properties.min_lr_scale,data:data37};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(data37 < 0 || isNaN(data37)){
const err66 = {instancePath:instancePath+"/train/min_lr_scale",schemaPath:"#/definitions/train/properties/min_lr_scale/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.min_lr_scale,data:data37};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
else {
const err67 = {instancePath:instancePath+"/train/min_lr_scale",schemaPath:"#/definitions/train/properties/min_lr_scale/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.min_lr_scale.type,parentSchema:schema23.properties.min_lr_scale,data:data37};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data33.schedule !== undefined){
let data38 = data33.schedule;
if(!(((data38 === "constant") || (data38 === "cosine")) || (data38 === "half-cosine"))){
const err68 = {instancePath:instancePath+"/train/schedule",schemaPath:"#/definitions/train/properties/schedule/enum",keyword:"enum",params:{allowedValues: schema23.properties.schedule.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.schedule.enum,parentSchema:schema23.properties.schedule,data:data38};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data33.warmup_steps !== undefined){
let data39 = data33.warmup_steps;
if(!(((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39))) && (isFinite(data39)))){
const err69 = {instancePath:instancePath+"/train/warmup_steps",schemaPath:"#/definitions/train/properties/warmup_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.warmup_steps.type,parentSchema:schema23.properties.warmup_steps,data:data39};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 > 100000000 || isNaN(data39)){
const err70 = {instancePath:instancePath+"/train/warmup_steps",schemaPath:"#/definitions/train/properties/warmup_steps/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000000},message:"must be <= 100000000",schema:100000000,parentSchema:schema23.properties.warmup_steps,data:data39};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if(data39 < 0 || isNaN(data39)){
const err71 = {instancePath:instancePath+"/train/warmup_steps",schemaPath:"#/definitions/train/properties/warmup_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.warmup_steps,data:data39};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
if(data33.weight_decay !== undefined){
let data40 = data33.weight_decay;
if((typeof data40 == "number") && (isFinite(data40))){
if(data40 > 10 || isNaN(data40)){
const err72 = {instancePath:instancePath+"/train/weight_decay",schemaPath:"#/definitions/train/properties/weight_decay/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10",schema:10,parentSchema:schema23.properties.weight_decay,data:data40};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
if(data40 < 0 || isNaN(data40)){
const err73 = {instancePath:instancePath+"/train/weight_decay",schemaPath:"#/definitions/train/properties/weight_decay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.weight_decay,data:data40};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/train/weight_decay",schemaPath:"#/definitions/train/properties/weight_decay/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.weight_decay.type,parentSchema:schema23.properties.weight_decay,data:data40};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data33.precision !== undefined){
let data41 = data33.precision;
if(!(((data41 === "fp32") || (data41 === "bf16")) || (data41 === "fp16"))){
const err75 = {instancePath:instancePath+"/train/precision",schemaPath:"#/definitions/train/properties/precision/enum",keyword:"enum",params:{allowedValues: schema23.properties.precision.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.precision.enum,parentSchema:schema23.properties.precision,data:data41};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data33.compile !== undefined){
let data42 = data33.compile;
if(typeof data42 !== "boolean"){
const err76 = {instancePath:instancePath+"/train/compile",schemaPath:"#/definitions/train/properties/compile/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema23.properties.compile.type,parentSchema:schema23.properties.compile,data:data42};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data33.grad_clip !== undefined){
let data43 = data33.grad_clip;
if((typeof data43 == "number") && (isFinite(data43))){
if(data43 > 1000000 || isNaN(data43)){
const err77 = {instancePath:instancePath+"/train/grad_clip",schemaPath:"#/definitions/train/properties/grad_clip/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema23.properties.grad_clip,data:data43};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(data43 < 0 || isNaN(data43)){
const err78 = {instancePath:instancePath+"/train/grad_clip",schemaPath:"#/definitions/train/properties/grad_clip/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.grad_clip,data:data43};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/train/grad_clip",schemaPath:"#/definitions/train/properties/grad_clip/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.grad_clip.type,parentSchema:schema23.properties.grad_clip,data:data43};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data33.word_dropout !== undefined){
let data44 = data33.word_dropout;
if((typeof data44 == "number") && (isFinite(data44))){
if(data44 > 0.9 || isNaN(data44)){
const err80 = {instancePath:instancePath+"/train/word_dropout",schemaPath:"#/definitions/train/properties/word_dropout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 0.9},message:"must be <= 0.9",schema:0.9,parentSchema:schema23.properties.word_dropout,data:data44};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(data44 < 0 || isNaN(data44)){
const err81 = {instancePath:instancePath+"/train/word_dropout",schemaPath:"#/definitions/train/properties/word_dropout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.word_dropout,data:data44};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/train/word_dropout",schemaPath:"#/definitions/train/properties/word_dropout/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.properties.word_dropout.type,parentSchema:schema23.properties.word_dropout,data:data44};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data33.seed !== undefined){
let data45 = data33.seed;
if(!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45)))){
const err83 = {instancePath:instancePath+"/train/seed",schemaPath:"#/definitions/train/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.seed.type,parentSchema:schema23.properties.seed,data:data45};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 > 2147483647 || isNaN(data45)){
const err84 = {instancePath:instancePath+"/train/seed",schemaPath:"#/definitions/train/properties/seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647",schema:2147483647,parentSchema:schema23.properties.seed,data:data45};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
if(data45 < 0 || isNaN(data45)){
const err85 = {instancePath:instancePath+"/train/seed",schemaPath:"#/definitions/train/properties/seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.seed,data:data45};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
}
if(data33.checkpoint_every !== undefined){
let data46 = data33.checkpoint_every;
if(!(((typeof data46 == "number") && (!(data46 % 1) && !isNaN(data46))) && (isFinite(data46)))){
const err86 = {instancePath:instancePath+"/train/checkpoint_every",schemaPath:"#/definitions/train/properties/checkpoint_every/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.checkpoint_every.type,parentSchema:schema23.properties.checkpoint_every,data:data46};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if((typeof data46 == "number") && (isFinite(data46))){
if(data46 > 100000000 || isNaN(data46)){
const err87 = {instancePath:instancePath+"/train/checkpoint_every",schemaPath:"#/definitions/train/properties/checkpoint_every/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000000},message:"must be <= 100000000",schema:100000000,parentSchema:schema23.properties.checkpoint_every,data:data46};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
if(data46 < 1 || isNaN(data46)){
const err88 = {instancePath:instancePath+"/train/checkpoint_every",schemaPath:"#/definitions/train/properties/checkpoint_every/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.checkpoint_every,data:data46};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
}
if(data33.val_every !== undefined){
let data47 = data33.val_every;
if(!(((typeof data47 == "number") && (!(data47 % 1) && !isNaN(data47))) && (isFinite(data47)))){
const err89 = {instancePath:instancePath+"/train/val_every",schemaPath:"#/definitions/train/properties/val_every/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.val_every.type,parentSchema:schema23.properties.val_every,data:data47};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
if((typeof data47 == "number") && (isFinite(data47))){
if(data47 > 100000000 || isNaN(data47)){
const err90 = {instancePath:instancePath+"/train/val_every",schemaPath:"#/definitions/train/properties/val_every/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000000},message:"must be <= 100000000",schema:100000000,parentSchema:schema23.properties.val_every,data:data47};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
if(data47 < 1 || isNaN(data47)){
const err91 = {instancePath:instancePath+"/train/val_every",schemaPath:"#/definitions/train/properties/val_every/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.val_every,data:data47};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
if(data33.log_every !== undefined){
let data48 = data33.log_every;
if(!(((typeof data48 == "number") && (!(data48 % 1) && !isNaN(data48))) && (isFinite(data48)))){
const err92 = {instancePath:instancePath+"/train/log_every",schemaPath:"#/definitions/train/properties/log_every/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.log_every.type,parentSchema:schema23.properties.log_every,data:data48};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if((typeof data48 == "number") && (isFinite(data48))){
if(data48 > 100000000 || isNaN(data48)){
const err93 = {instancePath:instancePath+"/train/log_every",schemaPath:"#/definitions/train/properties/log_every/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000000},message:"must be <= 100000000",schema:100000000,parentSchema:schema23.properties.log_every,data:data48};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
if(data48 < 1 || isNaN(data48)){
const err94 = {instancePath:instancePath+"/train/log_every",schemaPath:"#/definitions/train/properties/log_every/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.log_every,data:data48};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
}
if(data33.num_workers !== undefined){
let data49 = data33.num_workers;
if(!(((typeof data49 == "number") && (!(data49 % 1) && !isNaN(data49))) && (isFinite(data49)))){
const err95 = {instancePath:instancePath+"/train/num_workers",schemaPath:"#/definitions/train/properties/num_workers/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.num_workers.type,parentSchema:schema23.properties.num_workers,data:data49};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 > 256 || isNaN(data49)){
const err96 = {instancePath:instancePath+"/train/num_workers",schemaPath:"#/definitions/train/properties/num_workers/maximum",keyword:"maximum",params:{comparison: "<=", limit: 256},message:"must be <= 256",schema:256,parentSchema:schema23.properties.num_workers,data:data49};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
if(data49 < 0 || isNaN(data49)){
const err97 = {instancePath:instancePath+"/train/num_workers",schemaPath:"#/definitions/train/properties/num_workers/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.num_workers,data:data49};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
}
if(data33.keep_checkpoints !== undefined){
let data50 = data33.keep_checkpoints;
if(!(((typeof data50 == "number") && (!(data50 % 1) && !isNaN(data50))) && (isFinite(data50)))){
const err98 = {instancePath:instancePath+"/train/keep_checkpoints",schemaPath:"#/definitions/train/properties/keep_checkpoints/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.keep_checkpoints.type,parentSchema:schema23.properties.keep_checkpoints,data:data50};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
if((typeof data50 == "number") && (isFinite(data50))){
if(data50 > 10000 || isNaN(data50)){
const err99 = {instancePath:instancePath+"/train/keep_checkpoints",schemaPath:"#/definitions/train/properties/keep_checkpoints/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema23.properties.keep_checkpoints,data:data50};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
if(data50 < 1 || isNaN(data50)){
const err100 = {instancePath:instancePath+"/train/keep_checkpoints",schemaPath:"#/definitions/train/properties/keep_checkpoints/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.keep_checkpoints,data:data50};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
}
if(data33.keep_best !== undefined){
let data51 = data33.keep_best;
if(!(((typeof data51 == "number") && (!(data51 % 1) && !isNaN(data51))) && (isFinite(data51)))){
const err101 = {instancePath:instancePath+"/train/keep_best",schemaPath:"#/definitions/train/properties/keep_best/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.keep_best.type,parentSchema:schema23.properties.keep_best,data:data51};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
if((typeof data51 == "number") && (isFinite(data51))){
if(data51 > 10000 || isNaN(data51)){
const err102 = {instancePath:instancePath+"/train/keep_best",schemaPath:"#/definitions/train/properties/keep_best/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema23.properties.keep_best,data:data51};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
if(data51 < 0 || isNaN(data51)){
const err103 = {instancePath:instancePath+"/train/keep_best",schemaPath:"#/definitions/train/properties/keep_best/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema23.properties.keep_best,data:data51};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
}
if(data33.best_metric !== undefined){
let data52 = data33.best_metric;
if(typeof data52 === "string"){
if(func3(data52) > 200){
const err104 = {instancePath:instancePath+"/train/best_metric",schemaPath:"#/definitions/train/properties/best_metric/maxLength",keyword:"maxLength",params:{limit: 200},message:"must NOT have more than 200 characters",schema:200,parentSchema:schema23.properties.best_metric,data:data52};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
if(func3(data52) < 1){
const err105 = {instancePath:instancePath+"/train/best_metric",schemaPath:"#/definitions/train/properties/best_metric/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema23.properties.best_metric,data:data52};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
else {
const err106 = {instancePath:instancePath+"/train/best_metric",schemaPath:"#/definitions/train/properties/best_metric/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.best_metric.type,parentSchema:schema23.properties.best_metric,data:data52};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data33.best_mode !== undefined){
let data53 = data33.best_mode;
if(!((data53 === "min") || (data53 === "max"))){
const err107 = {instancePath:instancePath+"/train/best_mode",schemaPath:"#/definitions/train/properties/best_mode/enum",keyword:"enum",params:{allowedValues: schema23.properties.best_mode.enum},message:"must be equal to one of the allowed values",schema:schema23.properties.best_mode.enum,parentSchema:schema23.properties.best_mode,data:data53};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
}
else {
const err108 = {instancePath:instancePath+"/train",schemaPath:"#/definitions/train/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.type,parentSchema:schema23,data:data33};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data.eval !== undefined){
let data54 = data.eval;
if(Array.isArray(data54)){
const len2 = data54.length;
for(let i3=0; i3<len2; i3++){
if(!(validate21(data54[i3], {instancePath:instancePath+"/eval/" + i3,parentData:data54,parentDataProperty:i3,rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
}
else {
const err109 = {instancePath:instancePath+"/eval",schemaPath:"#/properties/eval/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.eval.type,parentSchema:schema11.properties.eval,data:data54};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data.resources !== undefined){
if(!(validate23(data.resources, {instancePath:instancePath+"/resources",parentData:data,parentDataProperty:"resources",rootData}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
if(data.robovlms !== undefined){
let data57 = data.robovlms;
if(data57 && typeof data57 == "object" && !Array.isArray(data57)){
for(const key6 in data57){
if(!(key6 === "overrides")){
const err110 = {instancePath:instancePath+"/robovlms",schemaPath:"#/definitions/robovlms/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema30,data:data57};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data57.overrides !== undefined){
let data58 = data57.overrides;
if(!(data58 && typeof data58 == "object" && !Array.isArray(data58))){
const err111 = {instancePath:instancePath+"/robovlms/overrides",schemaPath:"#/definitions/robovlms/properties/overrides/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.properties.overrides.type,parentSchema:schema30.properties.overrides,data:data58};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
}
else {
const err112 = {instancePath:instancePath+"/robovlms",schemaPath:"#/definitions/robovlms/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.type,parentSchema:schema30,data:data57};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data.sweep !== undefined){
let data59 = data.sweep;
const _errs122 = errors;
let valid20 = false;
const _errs123 = errors;
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
if(data59.axes === undefined){
const err113 = {instancePath:instancePath+"/sweep",schemaPath:"#/definitions/sweep/anyOf/0/required",keyword:"required",params:{missingProperty: "axes"},message:"must have required property '"+"axes"+"'",schema:schema31.anyOf[0].required,parentSchema:schema31.anyOf[0],data:data59};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
var _valid1 = _errs123 === errors;
valid20 = valid20 || _valid1;
if(!valid20){
const _errs124 = errors;
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
if(data59.seeds === undefined){
const err114 = {instancePath:instancePath+"/sweep",schemaPath:"#/definitions/sweep/anyOf/1/required",keyword:"required",params:{missingProperty: "seeds"},message:"must have required property '"+"seeds"+"'",schema:schema31.anyOf[1].required,parentSchema:schema31.anyOf[1],data:data59};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
var _valid1 = _errs124 === errors;
valid20 = valid20 || _valid1;
}
if(!valid20){
const err115 = {instancePath:instancePath+"/sweep",schemaPath:"#/definitions/sweep/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.anyOf,parentSchema:schema31,data:data59};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
else {
errors = _errs122;
if(vErrors !== null){
if(_errs122){
vErrors.length = _errs122;
}
else {
vErrors = null;
}
}
}
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
for(const key7 in data59){
if(!((((key7 === "axes") || (key7 === "exclude")) || (key7 === "seeds")) || (key7 === "labels"))){
const err116 = {instancePath:instancePath+"/sweep",schemaPath:"#/definitions/sweep/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data:data59};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
if(data59.axes !== undefined){
let data60 = data59.axes;
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
if(Object.keys(data60).length < 1){
const err117 = {instancePath:instancePath+"/sweep/axes",schemaPath:"#/definitions/sweep/properties/axes/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.axes,data:data60};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
for(const key8 in data60){
const _errs128 = errors;
if(typeof key8 === "string"){
if(!pattern12.test(key8)){
const err118 = {instancePath:instancePath+"/sweep/axes",schemaPath:"#/definitions/sweep/properties/axes/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$",parentSchema:schema31.properties.axes.propertyNames,data:key8,propertyName:key8};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
var valid22 = _errs128 === errors;
if(!valid22){
const err119 = {instancePath:instancePath+"/sweep/axes",schemaPath:"#/definitions/sweep/properties/axes/propertyNames",keyword:"propertyNames",params:{propertyName: key8},message:"property name must be valid",schema:schema31.properties.axes.propertyNames,parentSchema:schema31.properties.axes,data:data60};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
for(const key9 in data60){
let data61 = data60[key9];
if(Array.isArray(data61)){
if(data61.length < 1){
const err120 = {instancePath:instancePath+"/sweep/axes/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sweep/properties/axes/additionalProperties/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.axes.additionalProperties,data:data61};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
else {
const err121 = {instancePath:instancePath+"/sweep/axes/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sweep/properties/axes/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.axes.additionalProperties.type,parentSchema:schema31.properties.axes.additionalProperties,data:data61};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
}
else {
const err122 = {instancePath:instancePath+"/sweep/axes",schemaPath:"#/definitions/sweep/properties/axes/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.axes.type,parentSchema:schema31.properties.axes,data:data60};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data59.exclude !== undefined){
let data62 = data59.exclude;
if(Array.isArray(data62)){
const len3 = data62.length;
for(let i4=0; i4<len3; i4++){
let data63 = data62[i4];
if(data63 && typeof data63 == "object" && !Array.isArray(data63)){
if(Object.keys(data63).length < 1){
const err123 = {instancePath:instancePath+"/sweep/exclude/" + i4,schemaPath:"#/definitions/sweep/properties/exclude/items/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.exclude.items,data:data63};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
else {
const err124 = {instancePath:instancePath+"/sweep/exclude/" + i4,schemaPath:"#/definitions/sweep/properties/exclude/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.exclude.items.type,parentSchema:schema31.properties.exclude.items,data:data63};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
}
else {
const err125 = {instancePath:instancePath+"/sweep/exclude",schemaPath:"#/definitions/sweep/properties/exclude/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.exclude.type,parentSchema:schema31.properties.exclude,data:data62};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data59.seeds !== undefined){
let data64 = data59.seeds;
if(Array.isArray(data64)){
if(data64.length > 64){
const err126 = {instancePath:instancePath+"/sweep/seeds",schemaPath:"#/definitions/sweep/properties/seeds/maxItems",keyword:"maxItems",params:{limit: 64},message:"must NOT have more than 64 items",schema:64,parentSchema:schema31.properties.seeds,data:data64};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
if(data64.length < 1){
const err127 = {instancePath:instancePath+"/sweep/seeds",schemaPath:"#/definitions/sweep/properties/seeds/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.seeds,data:data64};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
const len4 = data64.length;
for(let i5=0; i5<len4; i5++){
let data65 = data64[i5];
if(!(((typeof data65 == "number") && (!(data65 % 1) && !isNaN(data65))) && (isFinite(data65)))){
const err128 = {instancePath:instancePath+"/sweep/seeds/" + i5,schemaPath:"#/definitions/sweep/properties/seeds/items/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.seeds.items.type,parentSchema:schema31.properties.seeds.items,data:data65};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
if((typeof data65 == "number") && (isFinite(data65))){
if(data65 > 2147483647 || isNaN(data65)){
const err129 = {instancePath:instancePath+"/sweep/seeds/" + i5,schemaPath:"#/definitions/sweep/properties/seeds/items/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647",schema:2147483647,parentSchema:schema31.properties.seeds.items,data:data65};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
if(data65 < 0 || isNaN(data65)){
const err130 = {instancePath:instancePath+"/sweep/seeds/" + i5,schemaPath:"#/definitions/sweep/properties/seeds/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.seeds.items,data:data65};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
}
let i6 = data64.length;
let j1;
if(i6 > 1){
const indices0 = {};
for(;i6--;){
let item0 = data64[i6];
if(!(((typeof item0 == "number") && (!(item0 % 1) && !isNaN(item0))) && (isFinite(item0)))){
continue;
}
if(typeof indices0[item0] == "number"){
j1 = indices0[item0];
const err131 = {instancePath:instancePath+"/sweep/seeds",schemaPath:"#/definitions/sweep/properties/seeds/uniqueItems",keyword:"uniqueItems",params:{i: i6, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i6+" are identical)",schema:true,parentSchema:schema31.properties.seeds,data:data64};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
break;
}
indices0[item0] = i6;
}
}
}
else {
const err132 = {instancePath:instancePath+"/sweep/seeds",schemaPath:"#/definitions/sweep/properties/seeds/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.seeds.type,parentSchema:schema31.properties.seeds,data:data64};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
if(data59.labels !== undefined){
let data66 = data59.labels;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
for(const key10 in data66){
const _errs143 = errors;
if(typeof key10 === "string"){
if(!pattern12.test(key10)){
const err133 = {instancePath:instancePath+"/sweep/labels",schemaPath:"#/definitions/sweep/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$",parentSchema:schema31.properties.labels.propertyNames,data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
var valid29 = _errs143 === errors;
if(!valid29){
const err134 = {instancePath:instancePath+"/sweep/labels",schemaPath:"#/definitions/sweep/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key10},message:"property name must be valid",schema:schema31.properties.labels.propertyNames,parentSchema:schema31.properties.labels,data:data66};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
for(const key11 in data66){
let data67 = data66[key11];
if(Array.isArray(data67)){
if(data67.length < 1){
const err135 = {instancePath:instancePath+"/sweep/labels/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sweep/properties/labels/additionalProperties/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.labels.additionalProperties,data:data67};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
const len5 = data67.length;
for(let i7=0; i7<len5; i7++){
let data68 = data67[i7];
if(typeof data68 === "string"){
if(!pattern14.test(data68)){
const err136 = {instancePath:instancePath+"/sweep/labels/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i7,schemaPath:"#/definitions/sweep/properties/labels/additionalProperties/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$",parentSchema:schema31.properties.labels.additionalProperties.items,data:data68};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
else {
const err137 = {instancePath:instancePath+"/sweep/labels/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i7,schemaPath:"#/definitions/sweep/properties/labels/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.labels.additionalProperties.items.type,parentSchema:schema31.properties.labels.additionalProperties.items,data:data68};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
}
else {
const err138 = {instancePath:instancePath+"/sweep/labels/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sweep/properties/labels/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.labels.additionalProperties.type,parentSchema:schema31.properties.labels.additionalProperties,data:data67};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
}
else {
const err139 = {instancePath:instancePath+"/sweep/labels",schemaPath:"#/definitions/sweep/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.labels.type,parentSchema:schema31.properties.labels,data:data66};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
}
else {
const err140 = {instancePath:instancePath+"/sweep",schemaPath:"#/definitions/sweep/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data:data59};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
if(data.markdownDescription !== undefined){
let data69 = data.markdownDescription;
if(typeof data69 !== "string"){
const err141 = {instancePath:instancePath+"/markdownDescription",schemaPath:"#/properties/markdownDescription/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.markdownDescription.type,parentSchema:schema11.properties.markdownDescription,data:data69};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
}
else {
const err142 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


export const validate: ValidateFunction = validate10;
