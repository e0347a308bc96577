/* Generated from schemas/events.schema.json by scripts/gen-validators.mjs (ajv standalone). Do not edit. */
// @ts-nocheck
import type { ValidateFunction } from 'ajv';
import schema from '../../../../schemas/events.schema.json';

const schema12 = schema.definitions.RunStartEvent;
const schema13 = schema.definitions.version;
const schema14 = schema.definitions.time;
const schema15 = schema.definitions.step;
const func2 = Object.prototype.hasOwnProperty;

function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.spec_hash === undefined) && (missing0 = "spec_hash"))) || ((data.host === undefined) && (missing0 = "host"))) || ((data.device === undefined) && (missing0 = "device"))) || ((data.versions === undefined) && (missing0 = "versions"))){
validate29.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema12.properties, key0))){
validate29.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate29.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("run_start" !== data.type){
validate29.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "run_start"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate29.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate29.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.run_id !== undefined){
const _errs8 = errors;
if(typeof data.run_id !== "string"){
validate29.errors = [{instancePath:instancePath+"/run_id",schemaPath:"#/properties/run_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.spec_hash !== undefined){
const _errs10 = errors;
if(typeof data.spec_hash !== "string"){
validate29.errors = [{instancePath:instancePath+"/spec_hash",schemaPath:"#/properties/spec_hash/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.git !== undefined){
let data5 = data.git;
const _errs12 = errors;
if(errors === _errs12){
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
const _errs14 = errors;
for(const key1 in data5){
if(!((key1 === "commit") || (key1 === "dirty"))){
validate29.errors = [{instancePath:instancePath+"/git",schemaPath:"#/properties/git/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs14 === errors){
if(data5.commit !== undefined){
let data6 = data5.commit;
const _errs15 = errors;
if((typeof data6 !== "string") && (data6 !== null)){
validate29.errors = [{instancePath:instancePath+"/git/commit",schemaPath:"#/properties/git/properties/commit/type",keyword:"type",params:{type: schema12.properties.git.properties.commit.type},message:"must be string,null"}];
return false;
}
var valid3 = _errs15 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data5.dirty !== undefined){
let data7 = data5.dirty;
const _errs17 = errors;
if((typeof data7 !== "boolean") && (data7 !== null)){
validate29.errors = [{instancePath:instancePath+"/git/dirty",schemaPath:"#/properties/git/properties/dirty/type",keyword:"type",params:{type: schema12.properties.git.properties.dirty.type},message:"must be boolean,null"}];
return false;
}
var valid3 = _errs17 === errors;
}
else {
var valid3 = true;
}
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/git",schemaPath:"#/properties/git/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.host !== undefined){
const _errs19 = errors;
if(typeof data.host !== "string"){
validate29.errors = [{instancePath:instancePath+"/host",schemaPath:"#/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.pid !== undefined){
let data9 = data.pid;
const _errs21 = errors;
if(!((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9)))){
validate29.errors = [{instancePath:instancePath+"/pid",schemaPath:"#/properties/pid/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
var valid0 = _errs21 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.device !== undefined){
const _errs23 = errors;
if(typeof data.device !== "string"){
validate29.errors = [{instancePath:instancePath+"/device",schemaPath:"#/properties/device/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs23 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.world_size !== undefined){
let data11 = data.world_size;
const _errs25 = errors;
if(!((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11)))){
validate29.errors = [{instancePath:instancePath+"/world_size",schemaPath:"#/properties/world_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs25){
if(typeof data11 == "number"){
if(data11 < 1 || isNaN(data11)){
validate29.errors = [{instancePath:instancePath+"/world_size",schemaPath:"#/properties/world_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"}];
return false;
}
}
}
var valid0 = _errs25 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.resumed !== undefined){
const _errs27 = errors;
if(typeof data.resumed !== "boolean"){
validate29.errors = [{instancePath:instancePath+"/resumed",schemaPath:"#/properties/resumed/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs27 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.start_step !== undefined){
let data13 = data.start_step;
const _errs29 = errors;
const _errs30 = errors;
if(!((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13)))){
validate29.errors = [{instancePath:instancePath+"/start_step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs30){
if(typeof data13 == "number"){
if(data13 < 0 || isNaN(data13)){
validate29.errors = [{instancePath:instancePath+"/start_step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs29 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.versions !== undefined){
let data14 = data.versions;
const _errs32 = errors;
if(errors === _errs32){
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
for(const key2 in data14){
let data15 = data14[key2];
const _errs35 = errors;
if((typeof data15 !== "string") && (data15 !== null)){
validate29.errors = [{instancePath:instancePath+"/versions/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/versions/additionalProperties/type",keyword:"type",params:{type: schema12.properties.versions.additionalProperties.type},message:"must be string,null"}];
return false;
}
var valid5 = _errs35 === errors;
if(!valid5){
break;
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/versions",schemaPath:"#/properties/versions/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs32 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.params !== undefined){
let data16 = data.params;
const _errs37 = errors;
if(!((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16)))){
validate29.errors = [{instancePath:instancePath+"/params",schemaPath:"#/properties/params/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs37){
if(typeof data16 == "number"){
if(data16 < 0 || isNaN(data16)){
validate29.errors = [{instancePath:instancePath+"/params",schemaPath:"#/properties/params/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs37 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.total_params !== undefined){
let data17 = data.total_params;
const _errs39 = errors;
if(!((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17)))){
validate29.errors = [{instancePath:instancePath+"/total_params",schemaPath:"#/properties/total_params/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs39){
if(typeof data17 == "number"){
if(data17 < 0 || isNaN(data17)){
validate29.errors = [{instancePath:instancePath+"/total_params",schemaPath:"#/properties/total_params/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs39 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate29.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate29.errors = vErrors;
return errors === 0;
}

const schema16 = schema.definitions.StageEvent;
const schema20 = schema.definitions.inferredField;

function validate30(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.name === undefined) && (missing0 = "name"))) || ((data.index === undefined) && (missing0 = "index"))) || ((data.count === undefined) && (missing0 = "count"))){
validate30.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema16.properties, key0))){
validate30.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate30.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("stage" !== data.type){
validate30.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "stage"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate30.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate30.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.name !== undefined){
const _errs8 = errors;
if(typeof data.name !== "string"){
validate30.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.index !== undefined){
let data4 = data.index;
const _errs10 = errors;
if(!((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4)))){
validate30.errors = [{instancePath:instancePath+"/index",schemaPath:"#/properties/index/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs10){
if(typeof data4 == "number"){
if(data4 < 0 || isNaN(data4)){
validate30.errors = [{instancePath:instancePath+"/index",schemaPath:"#/properties/index/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.count !== undefined){
let data5 = data.count;
const _errs12 = errors;
if(!((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5)))){
validate30.errors = [{instancePath:instancePath+"/count",schemaPath:"#/properties/count/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs12){
if(typeof data5 == "number"){
if(data5 < 1 || isNaN(data5)){
validate30.errors = [{instancePath:instancePath+"/count",schemaPath:"#/properties/count/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"}];
return false;
}
}
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data6 = data.step;
const _errs14 = errors;
const _errs15 = errors;
if(!((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6)))){
validate30.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs15){
if(typeof data6 == "number"){
if(data6 < 0 || isNaN(data6)){
validate30.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.total_steps !== undefined){
let data7 = data.total_steps;
const _errs17 = errors;
if(!((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7)))){
validate30.errors = [{instancePath:instancePath+"/total_steps",schemaPath:"#/properties/total_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs17){
if(typeof data7 == "number"){
if(data7 < 0 || isNaN(data7)){
validate30.errors = [{instancePath:instancePath+"/total_steps",schemaPath:"#/properties/total_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs17 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.datasets !== undefined){
let data8 = data.datasets;
const _errs19 = errors;
if(errors === _errs19){
if(Array.isArray(data8)){
var valid4 = true;
const len0 = data8.length;
for(let i0=0; i0<len0; i0++){
let data9 = data8[i0];
const _errs21 = errors;
if(errors === _errs21){
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
let missing1;
if((data9.path === undefined) && (missing1 = "path")){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0,schemaPath:"#/properties/datasets/items/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs23 = errors;
for(const key1 in data9){
if(!((((key1 === "path") || (key1 === "split")) || (key1 === "validation")) || (key1 === "inferred_convention"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0,schemaPath:"#/properties/datasets/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs23 === errors){
if(data9.path !== undefined){
const _errs24 = errors;
if(typeof data9.path !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/path",schemaPath:"#/properties/datasets/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid5 = _errs24 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data9.split !== undefined){
const _errs26 = errors;
if(typeof data9.split !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/split",schemaPath:"#/properties/datasets/items/properties/split/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid5 = _errs26 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data9.validation !== undefined){
let data12 = data9.validation;
const _errs28 = errors;
if(errors === _errs28){
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
const _errs30 = errors;
for(const key2 in data12){
if(!((((key2 === "split") || (key2 === "episodes")) || (key2 === "of")) || (key2 === "how"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation",schemaPath:"#/properties/datasets/items/properties/validation/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs30 === errors){
if(data12.split !== undefined){
let data13 = data12.split;
const _errs31 = errors;
if((typeof data13 !== "string") && (data13 !== null)){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/split",schemaPath:"#/properties/datasets/items/properties/validation/properties/split/type",keyword:"type",params:{type: schema16.properties.datasets.items.properties.validation.properties.split.type},message:"must be string,null"}];
return false;
}
var valid6 = _errs31 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data12.episodes !== undefined){
let data14 = data12.episodes;
const _errs33 = errors;
if(errors === _errs33){
if(Array.isArray(data14)){
var valid7 = true;
const len1 = data14.length;
for(let i1=0; i1<len1; i1++){
let data15 = data14[i1];
const _errs35 = errors;
if(!((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15)))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/episodes/" + i1,schemaPath:"#/properties/datasets/items/properties/validation/properties/episodes/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs35){
if(typeof data15 == "number"){
if(data15 < 0 || isNaN(data15)){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/episodes/" + i1,schemaPath:"#/properties/datasets/items/properties/validation/properties/episodes/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid7 = _errs35 === errors;
if(!valid7){
break;
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/episodes",schemaPath:"#/properties/datasets/items/properties/validation/properties/episodes/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid6 = _errs33 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data12.of !== undefined){
let data16 = data12.of;
const _errs37 = errors;
if(!((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16)))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/of",schemaPath:"#/properties/datasets/items/properties/validation/properties/of/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs37){
if(typeof data16 == "number"){
if(data16 < 0 || isNaN(data16)){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/of",schemaPath:"#/properties/datasets/items/properties/validation/properties/of/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid6 = _errs37 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data12.how !== undefined){
const _errs39 = errors;
if(typeof data12.how !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation/how",schemaPath:"#/properties/datasets/items/properties/validation/properties/how/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid6 = _errs39 === errors;
}
else {
var valid6 = true;
}
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/validation",schemaPath:"#/properties/datasets/items/properties/validation/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid5 = _errs28 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data9.inferred_convention !== undefined){
let data18 = data9.inferred_convention;
const _errs41 = errors;
if(errors === _errs41){
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
const _errs43 = errors;
for(const key3 in data18){
if(!((((key3 === "mode") || (key3 === "frame")) || (key3 === "rotation")) || (key3 === "gripper"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention",schemaPath:"#/properties/datasets/items/properties/inferred_convention/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs43 === errors){
if(data18.mode !== undefined){
let data19 = data18.mode;
const _errs44 = errors;
const _errs45 = errors;
if(errors === _errs45){
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
let missing2;
if(((data19.value === undefined) && (missing2 = "value")) || ((data19.evidence === undefined) && (missing2 = "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/mode",schemaPath:"#/definitions/inferredField/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
else {
const _errs47 = errors;
for(const key4 in data19){
if(!((key4 === "value") || (key4 === "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/mode",schemaPath:"#/definitions/inferredField/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs47 === errors){
if(data19.value !== undefined){
const _errs48 = errors;
if(typeof data19.value !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/mode/value",schemaPath:"#/definitions/inferredField/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid10 = _errs48 === errors;
}
else {
var valid10 = true;
}
if(valid10){
if(data19.evidence !== undefined){
const _errs50 = errors;
if(typeof data19.evidence !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/mode/evidence",schemaPath:"#/definitions/inferredField/properties/evidence/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid10 = _errs50 === errors;
}
else {
var valid10 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/mode",schemaPath:"#/definitions/inferredField/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid8 = _errs44 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data18.frame !== undefined){
let data22 = data18.frame;
const _errs52 = errors;
const _errs53 = errors;
if(errors === _errs53){
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
let missing3;
if(((data22.value === undefined) && (missing3 = "value")) || ((data22.evidence === undefined) && (missing3 = "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/frame",schemaPath:"#/definitions/inferredField/required",keyword:"required",params:{missingProperty: missing3},message:"must have required property '"+missing3+"'"}];
return false;
}
else {
const _errs55 = errors;
for(const key5 in data22){
if(!((key5 === "value") || (key5 === "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/frame",schemaPath:"#/definitions/inferredField/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs55 === errors){
if(data22.value !== undefined){
const _errs56 = errors;
if(typeof data22.value !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/frame/value",schemaPath:"#/definitions/inferredField/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid12 = _errs56 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data22.evidence !== undefined){
const _errs58 = errors;
if(typeof data22.evidence !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/frame/evidence",schemaPath:"#/definitions/inferredField/properties/evidence/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid12 = _errs58 === errors;
}
else {
var valid12 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/frame",schemaPath:"#/definitions/inferredField/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid8 = _errs52 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data18.rotation !== undefined){
let data25 = data18.rotation;
const _errs60 = errors;
const _errs61 = errors;
if(errors === _errs61){
if(data25 && typeof data25 == "object" && !Array.isArray(data25)){
let missing4;
if(((data25.value === undefined) && (missing4 = "value")) || ((data25.evidence === undefined) && (missing4 = "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/rotation",schemaPath:"#/definitions/inferredField/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"}];
return false;
}
else {
const _errs63 = errors;
for(const key6 in data25){
if(!((key6 === "value") || (key6 === "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/rotation",schemaPath:"#/definitions/inferredField/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs63 === errors){
if(data25.value !== undefined){
const _errs64 = errors;
if(typeof data25.value !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/rotation/value",schemaPath:"#/definitions/inferredField/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid14 = _errs64 === errors;
}
else {
var valid14 = true;
}
if(valid14){
if(data25.evidence !== undefined){
const _errs66 = errors;
if(typeof data25.evidence !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/rotation/evidence",schemaPath:"#/definitions/inferredField/properties/evidence/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid14 = _errs66 === errors;
}
else {
var valid14 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/rotation",schemaPath:"#/definitions/inferredField/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid8 = _errs60 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data18.gripper !== undefined){
let data28 = data18.gripper;
const _errs68 = errors;
const _errs69 = errors;
if(errors === _errs69){
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
let missing5;
if(((data28.value === undefined) && (missing5 = "value")) || ((data28.evidence === undefined) && (missing5 = "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/gripper",schemaPath:"#/definitions/inferredField/required",keyword:"required",params:{missingProperty: missing5},message:"must have required property '"+missing5+"'"}];
return false;
}
else {
const _errs71 = errors;
for(const key7 in data28){
if(!((key7 === "value") || (key7 === "evidence"))){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/gripper",schemaPath:"#/definitions/inferredField/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs71 === errors){
if(data28.value !== undefined){
const _errs72 = errors;
if(typeof data28.value !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/gripper/value",schemaPath:"#/definitions/inferredField/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid16 = _errs72 === errors;
}
else {
var valid16 = true;
}
if(valid16){
if(data28.evidence !== undefined){
const _errs74 = errors;
if(typeof data28.evidence !== "string"){
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/gripper/evidence",schemaPath:"#/definitions/inferredField/properties/evidence/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid16 = _errs74 === errors;
}
else {
var valid16 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention/gripper",schemaPath:"#/definitions/inferredField/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid8 = _errs68 === errors;
}
else {
var valid8 = true;
}
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0+"/inferred_convention",schemaPath:"#/properties/datasets/items/properties/inferred_convention/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid5 = _errs41 === errors;
}
else {
var valid5 = true;
}
}
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets/" + i0,schemaPath:"#/properties/datasets/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid4 = _errs21 === errors;
if(!valid4){
break;
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/datasets",schemaPath:"#/properties/datasets/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate30.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate30.errors = vErrors;
return errors === 0;
}

const schema24 = schema.definitions.ScalarEvent;
const schema28 = schema.definitions.stage;
const pattern0 = new RegExp("^[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\- ]+)*$", "u");

function validate31(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.step === undefined) && (missing0 = "step"))) || ((data.name === undefined) && (missing0 = "name"))) || ((data.value === undefined) && (missing0 = "value"))){
validate31.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(((((((key0 === "v") || (key0 === "type")) || (key0 === "t")) || (key0 === "step")) || (key0 === "name")) || (key0 === "value")) || (key0 === "stage"))){
validate31.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate31.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("scalar" !== data.type){
validate31.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "scalar"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate31.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate31.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data3 = data.step;
const _errs8 = errors;
const _errs9 = errors;
if(!((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3)))){
validate31.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs9){
if(typeof data3 == "number"){
if(data3 < 0 || isNaN(data3)){
validate31.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.name !== undefined){
let data4 = data.name;
const _errs11 = errors;
if(errors === _errs11){
if(typeof data4 === "string"){
if(!pattern0.test(data4)){
validate31.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\- ]+)*$"},message:"must match pattern \""+"^[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\- ]+)*$"+"\""}];
return false;
}
}
else {
validate31.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs11 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.value !== undefined){
let data5 = data.value;
const _errs13 = errors;
if((!(typeof data5 == "number")) && (data5 !== null)){
validate31.errors = [{instancePath:instancePath+"/value",schemaPath:"#/properties/value/type",keyword:"type",params:{type: schema24.properties.value.type},message:"must be number,null"}];
return false;
}
var valid0 = _errs13 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stage !== undefined){
const _errs15 = errors;
if(typeof data.stage !== "string"){
validate31.errors = [{instancePath:instancePath+"/stage",schemaPath:"#/definitions/stage/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs15 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
else {
validate31.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate31.errors = vErrors;
return errors === 0;
}

const schema29 = schema.definitions.ProgressEvent;

function validate32(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.step === undefined) && (missing0 = "step"))) || ((data.total === undefined) && (missing0 = "total"))){
validate32.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema29.properties, key0))){
validate32.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate32.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("progress" !== data.type){
validate32.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "progress"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate32.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate32.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data3 = data.step;
const _errs8 = errors;
const _errs9 = errors;
if(!((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3)))){
validate32.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs9){
if(typeof data3 == "number"){
if(data3 < 0 || isNaN(data3)){
validate32.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.total !== undefined){
let data4 = data.total;
const _errs11 = errors;
if(!((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4)))){
validate32.errors = [{instancePath:instancePath+"/total",schemaPath:"#/properties/total/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs11){
if(typeof data4 == "number"){
if(data4 < 0 || isNaN(data4)){
validate32.errors = [{instancePath:instancePath+"/total",schemaPath:"#/properties/total/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs11 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.samples_per_s !== undefined){
let data5 = data.samples_per_s;
const _errs13 = errors;
if(errors === _errs13){
if(typeof data5 == "number"){
if(data5 < 0 || isNaN(data5)){
validate32.errors = [{instancePath:instancePath+"/samples_per_s",schemaPath:"#/properties/samples_per_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate32.errors = [{instancePath:instancePath+"/samples_per_s",schemaPath:"#/properties/samples_per_s/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs13 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.eta_s !== undefined){
let data6 = data.eta_s;
const _errs15 = errors;
if((!(typeof data6 == "number")) && (data6 !== null)){
validate32.errors = [{instancePath:instancePath+"/eta_s",schemaPath:"#/properties/eta_s/type",keyword:"type",params:{type: schema29.properties.eta_s.type},message:"must be number,null"}];
return false;
}
if(errors === _errs15){
if(typeof data6 == "number"){
if(data6 < 0 || isNaN(data6)){
validate32.errors = [{instancePath:instancePath+"/eta_s",schemaPath:"#/properties/eta_s/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs15 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.epoch !== undefined){
let data7 = data.epoch;
const _errs17 = errors;
if(errors === _errs17){
if(typeof data7 == "number"){
if(data7 < 0 || isNaN(data7)){
validate32.errors = [{instancePath:instancePath+"/epoch",schemaPath:"#/properties/epoch/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate32.errors = [{instancePath:instancePath+"/epoch",schemaPath:"#/properties/epoch/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs17 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.phase !== undefined){
let data8 = data.phase;
const _errs19 = errors;
if(!((data8 === "train") || (data8 === "eval"))){
validate32.errors = [{instancePath:instancePath+"/phase",schemaPath:"#/properties/phase/enum",keyword:"enum",params:{allowedValues: schema29.properties.phase.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stage !== undefined){
const _errs20 = errors;
if(typeof data.stage !== "string"){
validate32.errors = [{instancePath:instancePath+"/stage",schemaPath:"#/definitions/stage/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs20 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate32.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate32.errors = vErrors;
return errors === 0;
}

const schema34 = schema.definitions.CheckpointEvent;

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.step === undefined) && (missing0 = "step"))) || ((data.path === undefined) && (missing0 = "path"))){
validate33.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(((((((key0 === "v") || (key0 === "type")) || (key0 === "t")) || (key0 === "step")) || (key0 === "path")) || (key0 === "stage")) || (key0 === "tag"))){
validate33.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate33.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("checkpoint" !== data.type){
validate33.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "checkpoint"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate33.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate33.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data3 = data.step;
const _errs8 = errors;
const _errs9 = errors;
if(!((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3)))){
validate33.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs9){
if(typeof data3 == "number"){
if(data3 < 0 || isNaN(data3)){
validate33.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.path !== undefined){
const _errs11 = errors;
if(typeof data.path !== "string"){
validate33.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs11 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stage !== undefined){
const _errs13 = errors;
if(typeof data.stage !== "string"){
validate33.errors = [{instancePath:instancePath+"/stage",schemaPath:"#/definitions/stage/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs13 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.tag !== undefined){
const _errs16 = errors;
if(typeof data.tag !== "string"){
validate33.errors = [{instancePath:instancePath+"/tag",schemaPath:"#/properties/tag/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
else {
validate33.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate33.errors = vErrors;
return errors === 0;
}

const schema39 = schema.definitions.EvalResultEvent;
const pattern1 = new RegExp("^[1-9][0-9]*$", "u");

function validate34(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.benchmark === undefined) && (missing0 = "benchmark"))) || ((data.checkpoint === undefined) && (missing0 = "checkpoint"))) || ((data.avg_seq_len === undefined) && (missing0 = "avg_seq_len"))) || ((data.chain_sr === undefined) && (missing0 = "chain_sr"))) || ((data.task_info === undefined) && (missing0 = "task_info"))){
validate34.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema39.properties, key0))){
validate34.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate34.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("eval_result" !== data.type){
validate34.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "eval_result"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate34.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate34.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.benchmark !== undefined){
let data3 = data.benchmark;
const _errs8 = errors;
if(!(((data3 === "playtable") || (data3 === "calvin")) || (data3 === "simpler"))){
validate34.errors = [{instancePath:instancePath+"/benchmark",schemaPath:"#/properties/benchmark/enum",keyword:"enum",params:{allowedValues: schema39.properties.benchmark.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.checkpoint !== undefined){
const _errs9 = errors;
if(typeof data.checkpoint !== "string"){
validate34.errors = [{instancePath:instancePath+"/checkpoint",schemaPath:"#/properties/checkpoint/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs9 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data5 = data.step;
const _errs11 = errors;
const _errs12 = errors;
if(!((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5)))){
validate34.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs12){
if(typeof data5 == "number"){
if(data5 < 0 || isNaN(data5)){
validate34.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs11 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.num_chains !== undefined){
let data6 = data.num_chains;
const _errs14 = errors;
if(!((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6)))){
validate34.errors = [{instancePath:instancePath+"/num_chains",schemaPath:"#/properties/num_chains/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs14){
if(typeof data6 == "number"){
if(data6 < 0 || isNaN(data6)){
validate34.errors = [{instancePath:instancePath+"/num_chains",schemaPath:"#/properties/num_chains/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.chain_length !== undefined){
let data7 = data.chain_length;
const _errs16 = errors;
if(!((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7)))){
validate34.errors = [{instancePath:instancePath+"/chain_length",schemaPath:"#/properties/chain_length/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs16){
if(typeof data7 == "number"){
if(data7 < 1 || isNaN(data7)){
validate34.errors = [{instancePath:instancePath+"/chain_length",schemaPath:"#/properties/chain_length/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"}];
return false;
}
}
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.avg_seq_len !== undefined){
let data8 = data.avg_seq_len;
const _errs18 = errors;
if(errors === _errs18){
if(typeof data8 == "number"){
if(data8 < 0 || isNaN(data8)){
validate34.errors = [{instancePath:instancePath+"/avg_seq_len",schemaPath:"#/properties/avg_seq_len/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate34.errors = [{instancePath:instancePath+"/avg_seq_len",schemaPath:"#/properties/avg_seq_len/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs18 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.chain_sr !== undefined){
let data9 = data.chain_sr;
const _errs20 = errors;
if(errors === _errs20){
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
const _errs22 = errors;
for(const key1 in data9){
if(!(pattern1.test(key1))){
validate34.errors = [{instancePath:instancePath+"/chain_sr",schemaPath:"#/properties/chain_sr/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs22 === errors){
var valid4 = true;
for(const key2 in data9){
if(pattern1.test(key2)){
let data10 = data9[key2];
const _errs23 = errors;
if(errors === _errs23){
if(typeof data10 == "number"){
if(data10 > 1 || isNaN(data10)){
validate34.errors = [{instancePath:instancePath+"/chain_sr/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/chain_sr/patternProperties/%5E%5B1-9%5D%5B0-9%5D*%24/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"}];
return false;
}
else {
if(data10 < 0 || isNaN(data10)){
validate34.errors = [{instancePath:instancePath+"/chain_sr/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/chain_sr/patternProperties/%5E%5B1-9%5D%5B0-9%5D*%24/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/chain_sr/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/chain_sr/patternProperties/%5E%5B1-9%5D%5B0-9%5D*%24/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid4 = _errs23 === errors;
if(!valid4){
break;
}
}
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/chain_sr",schemaPath:"#/properties/chain_sr/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs20 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.task_info !== undefined){
let data11 = data.task_info;
const _errs25 = errors;
if(errors === _errs25){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key3 in data11){
let data12 = data11[key3];
const _errs28 = errors;
if(errors === _errs28){
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
let missing1;
if(((data12.success === undefined) && (missing1 = "success")) || ((data12.total === undefined) && (missing1 = "total"))){
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/task_info/additionalProperties/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs30 = errors;
for(const key4 in data12){
if(!((key4 === "success") || (key4 === "total"))){
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/task_info/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs30 === errors){
if(data12.success !== undefined){
let data13 = data12.success;
const _errs31 = errors;
if(!((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13)))){
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/success",schemaPath:"#/properties/task_info/additionalProperties/properties/success/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs31){
if(typeof data13 == "number"){
if(data13 < 0 || isNaN(data13)){
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/success",schemaPath:"#/properties/task_info/additionalProperties/properties/success/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid6 = _errs31 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data12.total !== undefined){
let data14 = data12.total;
const _errs33 = errors;
if(!((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14)))){
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/total",schemaPath:"#/properties/task_info/additionalProperties/properties/total/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs33){
if(typeof data14 == "number"){
if(data14 < 0 || isNaN(data14)){
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/total",schemaPath:"#/properties/task_info/additionalProperties/properties/total/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid6 = _errs33 === errors;
}
else {
var valid6 = true;
}
}
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/task_info/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/task_info/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid5 = _errs28 === errors;
if(!valid5){
break;
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/task_info",schemaPath:"#/properties/task_info/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs25 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.single_task !== undefined){
let data15 = data.single_task;
const _errs35 = errors;
if(errors === _errs35){
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key5 in data15){
let data16 = data15[key5];
const _errs38 = errors;
if(errors === _errs38){
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
let missing2;
if(((data16.success === undefined) && (missing2 = "success")) || ((data16.total === undefined) && (missing2 = "total"))){
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/single_task/additionalProperties/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
else {
const _errs40 = errors;
for(const key6 in data16){
if(!((key6 === "success") || (key6 === "total"))){
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/single_task/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs40 === errors){
if(data16.success !== undefined){
let data17 = data16.success;
const _errs41 = errors;
if(!((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17)))){
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/success",schemaPath:"#/properties/single_task/additionalProperties/properties/success/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs41){
if(typeof data17 == "number"){
if(data17 < 0 || isNaN(data17)){
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/success",schemaPath:"#/properties/single_task/additionalProperties/properties/success/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid8 = _errs41 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data16.total !== undefined){
let data18 = data16.total;
const _errs43 = errors;
if(!((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18)))){
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/total",schemaPath:"#/properties/single_task/additionalProperties/properties/total/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs43){
if(typeof data18 == "number"){
if(data18 < 0 || isNaN(data18)){
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/total",schemaPath:"#/properties/single_task/additionalProperties/properties/total/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid8 = _errs43 === errors;
}
else {
var valid8 = true;
}
}
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/single_task/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/single_task/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid7 = _errs38 === errors;
if(!valid7){
break;
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/single_task",schemaPath:"#/properties/single_task/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs35 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.results_path !== undefined){
const _errs45 = errors;
if(typeof data.results_path !== "string"){
validate34.errors = [{instancePath:instancePath+"/results_path",schemaPath:"#/properties/results_path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs45 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.protocol !== undefined){
let data20 = data.protocol;
const _errs47 = errors;
if((!(data20 && typeof data20 == "object" && !Array.isArray(data20))) && (data20 !== null)){
validate34.errors = [{instancePath:instancePath+"/protocol",schemaPath:"#/properties/protocol/type",keyword:"type",params:{type: schema39.properties.protocol.type},message:"must be object,null"}];
return false;
}
if(errors === _errs47){
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
if(data20.benchmark !== undefined){
const _errs49 = errors;
if(typeof data20.benchmark !== "string"){
validate34.errors = [{instancePath:instancePath+"/protocol/benchmark",schemaPath:"#/properties/protocol/properties/benchmark/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid9 = _errs49 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.benchmark_version !== undefined){
const _errs51 = errors;
if(typeof data20.benchmark_version !== "string"){
validate34.errors = [{instancePath:instancePath+"/protocol/benchmark_version",schemaPath:"#/properties/protocol/properties/benchmark_version/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid9 = _errs51 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.split !== undefined){
let data23 = data20.split;
const _errs53 = errors;
if((typeof data23 !== "string") && (data23 !== null)){
validate34.errors = [{instancePath:instancePath+"/protocol/split",schemaPath:"#/properties/protocol/properties/split/type",keyword:"type",params:{type: schema39.properties.protocol.properties.split.type},message:"must be string,null"}];
return false;
}
var valid9 = _errs53 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.scene !== undefined){
let data24 = data20.scene;
const _errs55 = errors;
if(!((((data24 === "A") || (data24 === "B")) || (data24 === "C")) || (data24 === "D"))){
validate34.errors = [{instancePath:instancePath+"/protocol/scene",schemaPath:"#/properties/protocol/properties/scene/enum",keyword:"enum",params:{allowedValues: schema39.properties.protocol.properties.scene.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid9 = _errs55 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.chain_set !== undefined){
const _errs56 = errors;
if(typeof data20.chain_set !== "string"){
validate34.errors = [{instancePath:instancePath+"/protocol/chain_set",schemaPath:"#/properties/protocol/properties/chain_set/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid9 = _errs56 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.chains !== undefined){
let data26 = data20.chains;
const _errs58 = errors;
if(!((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26)))){
validate34.errors = [{instancePath:instancePath+"/protocol/chains",schemaPath:"#/properties/protocol/properties/chains/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs58){
if(typeof data26 == "number"){
if(data26 < 0 || isNaN(data26)){
validate34.errors = [{instancePath:instancePath+"/protocol/chains",schemaPath:"#/properties/protocol/properties/chains/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid9 = _errs58 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.chain_length !== undefined){
let data27 = data20.chain_length;
const _errs60 = errors;
if(!((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27)))){
validate34.errors = [{instancePath:instancePath+"/protocol/chain_length",schemaPath:"#/properties/protocol/properties/chain_length/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs60){
if(typeof data27 == "number"){
if(data27 < 1 || isNaN(data27)){
validate34.errors = [{instancePath:instancePath+"/protocol/chain_length",schemaPath:"#/properties/protocol/properties/chain_length/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"}];
return false;
}
}
}
var valid9 = _errs60 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.episodes !== undefined){
let data28 = data20.episodes;
const _errs62 = errors;
if(!((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28)))){
validate34.errors = [{instancePath:instancePath+"/protocol/episodes",schemaPath:"#/properties/protocol/properties/episodes/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs62){
if(typeof data28 == "number"){
if(data28 < 0 || isNaN(data28)){
validate34.errors = [{instancePath:instancePath+"/protocol/episodes",schemaPath:"#/properties/protocol/properties/episodes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid9 = _errs62 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.phrasing_set !== undefined){
const _errs64 = errors;
if(typeof data20.phrasing_set !== "string"){
validate34.errors = [{instancePath:instancePath+"/protocol/phrasing_set",schemaPath:"#/properties/protocol/properties/phrasing_set/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid9 = _errs64 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.embodiment !== undefined){
let data30 = data20.embodiment;
const _errs66 = errors;
if((typeof data30 !== "string") && (data30 !== null)){
validate34.errors = [{instancePath:instancePath+"/protocol/embodiment",schemaPath:"#/properties/protocol/properties/embodiment/type",keyword:"type",params:{type: schema39.properties.protocol.properties.embodiment.type},message:"must be string,null"}];
return false;
}
var valid9 = _errs66 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.seed !== undefined){
let data31 = data20.seed;
const _errs68 = errors;
if(!((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31)))){
validate34.errors = [{instancePath:instancePath+"/protocol/seed",schemaPath:"#/properties/protocol/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
var valid9 = _errs68 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.max_steps !== undefined){
let data32 = data20.max_steps;
const _errs70 = errors;
if(!((typeof data32 == "number") && (!(data32 % 1) && !isNaN(data32)))){
validate34.errors = [{instancePath:instancePath+"/protocol/max_steps",schemaPath:"#/properties/protocol/properties/max_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
var valid9 = _errs70 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.checkpoint !== undefined){
const _errs72 = errors;
if(typeof data20.checkpoint !== "string"){
validate34.errors = [{instancePath:instancePath+"/protocol/checkpoint",schemaPath:"#/properties/protocol/properties/checkpoint/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid9 = _errs72 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.execution !== undefined){
let data34 = data20.execution;
const _errs74 = errors;
if(!(((((data34 === "first") || (data34 === "chunk")) || (data34 === "ensemble")) || (data34 === "rtc")) || (data34 === "server"))){
validate34.errors = [{instancePath:instancePath+"/protocol/execution",schemaPath:"#/properties/protocol/properties/execution/enum",keyword:"enum",params:{allowedValues: schema39.properties.protocol.properties.execution.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid9 = _errs74 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.delay !== undefined){
let data35 = data20.delay;
const _errs75 = errors;
if(!((typeof data35 == "number") && (!(data35 % 1) && !isNaN(data35)))){
validate34.errors = [{instancePath:instancePath+"/protocol/delay",schemaPath:"#/properties/protocol/properties/delay/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs75){
if(typeof data35 == "number"){
if(data35 < 0 || isNaN(data35)){
validate34.errors = [{instancePath:instancePath+"/protocol/delay",schemaPath:"#/properties/protocol/properties/delay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid9 = _errs75 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.ensemble_decay !== undefined){
const _errs77 = errors;
if(!(typeof data20.ensemble_decay == "number")){
validate34.errors = [{instancePath:instancePath+"/protocol/ensemble_decay",schemaPath:"#/properties/protocol/properties/ensemble_decay/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
var valid9 = _errs77 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.rtc_horizon !== undefined){
let data37 = data20.rtc_horizon;
const _errs79 = errors;
if(!((typeof data37 == "number") && (!(data37 % 1) && !isNaN(data37)))){
validate34.errors = [{instancePath:instancePath+"/protocol/rtc_horizon",schemaPath:"#/properties/protocol/properties/rtc_horizon/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs79){
if(typeof data37 == "number"){
if(data37 < 1 || isNaN(data37)){
validate34.errors = [{instancePath:instancePath+"/protocol/rtc_horizon",schemaPath:"#/properties/protocol/properties/rtc_horizon/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"}];
return false;
}
}
}
var valid9 = _errs79 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.rtc_guidance !== undefined){
const _errs81 = errors;
if(!(typeof data20.rtc_guidance == "number")){
validate34.errors = [{instancePath:instancePath+"/protocol/rtc_guidance",schemaPath:"#/properties/protocol/properties/rtc_guidance/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
var valid9 = _errs81 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.expert_routes !== undefined){
let data39 = data20.expert_routes;
const _errs83 = errors;
if(!((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39)))){
validate34.errors = [{instancePath:instancePath+"/protocol/expert_routes",schemaPath:"#/properties/protocol/properties/expert_routes/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
var valid9 = _errs83 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.obstacle !== undefined){
const _errs85 = errors;
if(typeof data20.obstacle !== "boolean"){
validate34.errors = [{instancePath:instancePath+"/protocol/obstacle",schemaPath:"#/properties/protocol/properties/obstacle/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid9 = _errs85 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.condition !== undefined){
let data41 = data20.condition;
const _errs87 = errors;
if(!((((data41 === "expert") || (data41 === "noisy-expert")) || (data41 === "shuffled-instructions")) || (data41 === "blank-cameras"))){
validate34.errors = [{instancePath:instancePath+"/protocol/condition",schemaPath:"#/properties/protocol/properties/condition/enum",keyword:"enum",params:{allowedValues: schema39.properties.protocol.properties.condition.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid9 = _errs87 === errors;
}
else {
var valid9 = true;
}
if(valid9){
if(data20.expert_noise !== undefined){
let data42 = data20.expert_noise;
const _errs88 = errors;
if(errors === _errs88){
if(typeof data42 == "number"){
if(data42 < 0 || isNaN(data42)){
validate34.errors = [{instancePath:instancePath+"/protocol/expert_noise",schemaPath:"#/properties/protocol/properties/expert_noise/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate34.errors = [{instancePath:instancePath+"/protocol/expert_noise",schemaPath:"#/properties/protocol/properties/expert_noise/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid9 = _errs88 === errors;
}
else {
var valid9 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
var valid0 = _errs47 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate34.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate34.errors = vErrors;
return errors === 0;
}

const schema43 = schema.definitions.MediaEvent;

function validate35(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.kind === undefined) && (missing0 = "kind"))) || ((data.path === undefined) && (missing0 = "path"))){
validate35.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema43.properties, key0))){
validate35.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate35.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("media" !== data.type){
validate35.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "media"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate35.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate35.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.kind !== undefined){
let data3 = data.kind;
const _errs8 = errors;
if(!((data3 === "video") || (data3 === "image"))){
validate35.errors = [{instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/enum",keyword:"enum",params:{allowedValues: schema43.properties.kind.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.path !== undefined){
const _errs9 = errors;
if(typeof data.path !== "string"){
validate35.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs9 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.format !== undefined){
let data5 = data.format;
const _errs11 = errors;
if(!(((data5 === "mp4") || (data5 === "gif")) || (data5 === "png"))){
validate35.errors = [{instancePath:instancePath+"/format",schemaPath:"#/properties/format/enum",keyword:"enum",params:{allowedValues: schema43.properties.format.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs11 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.task !== undefined){
const _errs12 = errors;
if(typeof data.task !== "string"){
validate35.errors = [{instancePath:instancePath+"/task",schemaPath:"#/properties/task/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.instruction !== undefined){
const _errs14 = errors;
if(typeof data.instruction !== "string"){
validate35.errors = [{instancePath:instancePath+"/instruction",schemaPath:"#/properties/instruction/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.success !== undefined){
const _errs16 = errors;
if(typeof data.success !== "boolean"){
validate35.errors = [{instancePath:instancePath+"/success",schemaPath:"#/properties/success/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.steps !== undefined){
let data9 = data.steps;
const _errs18 = errors;
if(!((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9)))){
validate35.errors = [{instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs18){
if(typeof data9 == "number"){
if(data9 < 0 || isNaN(data9)){
validate35.errors = [{instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs18 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.checkpoint !== undefined){
const _errs20 = errors;
if(typeof data.checkpoint !== "string"){
validate35.errors = [{instancePath:instancePath+"/checkpoint",schemaPath:"#/properties/checkpoint/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs20 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.chain !== undefined){
let data11 = data.chain;
const _errs22 = errors;
if(!((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11)))){
validate35.errors = [{instancePath:instancePath+"/chain",schemaPath:"#/properties/chain/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs22){
if(typeof data11 == "number"){
if(data11 < 0 || isNaN(data11)){
validate35.errors = [{instancePath:instancePath+"/chain",schemaPath:"#/properties/chain/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs22 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.subtask !== undefined){
let data12 = data.subtask;
const _errs24 = errors;
if(!((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12)))){
validate35.errors = [{instancePath:instancePath+"/subtask",schemaPath:"#/properties/subtask/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs24){
if(typeof data12 == "number"){
if(data12 < 0 || isNaN(data12)){
validate35.errors = [{instancePath:instancePath+"/subtask",schemaPath:"#/properties/subtask/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs24 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate35.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate35.errors = vErrors;
return errors === 0;
}

const schema46 = schema.definitions.WarningEvent;

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.message === undefined) && (missing0 = "message"))){
validate36.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(((((((key0 === "v") || (key0 === "type")) || (key0 === "t")) || (key0 === "code")) || (key0 === "message")) || (key0 === "advice")) || (key0 === "step"))){
validate36.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate36.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("warning" !== data.type){
validate36.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "warning"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate36.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate36.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.code !== undefined){
const _errs8 = errors;
if(typeof data.code !== "string"){
validate36.errors = [{instancePath:instancePath+"/code",schemaPath:"#/properties/code/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.message !== undefined){
const _errs10 = errors;
if(typeof data.message !== "string"){
validate36.errors = [{instancePath:instancePath+"/message",schemaPath:"#/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.advice !== undefined){
const _errs12 = errors;
if(typeof data.advice !== "string"){
validate36.errors = [{instancePath:instancePath+"/advice",schemaPath:"#/properties/advice/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data6 = data.step;
const _errs14 = errors;
const _errs15 = errors;
if(!((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6)))){
validate36.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs15){
if(typeof data6 == "number"){
if(data6 < 0 || isNaN(data6)){
validate36.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
else {
validate36.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate36.errors = vErrors;
return errors === 0;
}

const schema50 = schema.definitions.RunEndEvent;

function validate37(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((data.v === undefined) && (missing0 = "v")) || ((data.type === undefined) && (missing0 = "type"))) || ((data.t === undefined) && (missing0 = "t"))) || ((data.status === undefined) && (missing0 = "status"))){
validate37.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!((((((((key0 === "v") || (key0 === "type")) || (key0 === "t")) || (key0 === "status")) || (key0 === "error")) || (key0 === "error_kind")) || (key0 === "exit_code")) || (key0 === "step"))){
validate37.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate37.errors = [{instancePath:instancePath+"/v",schemaPath:"#/definitions/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.type !== undefined){
const _errs4 = errors;
if("run_end" !== data.type){
validate37.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "run_end"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.t !== undefined){
let data2 = data.t;
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data2 == "number"){
if(data2 < 0 || isNaN(data2)){
validate37.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate37.errors = [{instancePath:instancePath+"/t",schemaPath:"#/definitions/time/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.status !== undefined){
let data3 = data.status;
const _errs8 = errors;
if(!(((data3 === "completed") || (data3 === "failed")) || (data3 === "cancelled"))){
validate37.errors = [{instancePath:instancePath+"/status",schemaPath:"#/properties/status/enum",keyword:"enum",params:{allowedValues: schema50.properties.status.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.error !== undefined){
let data4 = data.error;
const _errs9 = errors;
if((typeof data4 !== "string") && (data4 !== null)){
validate37.errors = [{instancePath:instancePath+"/error",schemaPath:"#/properties/error/type",keyword:"type",params:{type: schema50.properties.error.type},message:"must be string,null"}];
return false;
}
var valid0 = _errs9 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.error_kind !== undefined){
let data5 = data.error_kind;
const _errs11 = errors;
if(!(((((((data5 === "nan") || (data5 === "oom")) || (data5 === "signal")) || (data5 === "exception")) || (data5 === "data")) || (data5 === "config")) || (data5 === null))){
validate37.errors = [{instancePath:instancePath+"/error_kind",schemaPath:"#/properties/error_kind/enum",keyword:"enum",params:{allowedValues: schema50.properties.error_kind.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs11 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.exit_code !== undefined){
let data6 = data.exit_code;
const _errs12 = errors;
if((!((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6)))) && (data6 !== null)){
validate37.errors = [{instancePath:instancePath+"/exit_code",schemaPath:"#/properties/exit_code/type",keyword:"type",params:{type: schema50.properties.exit_code.type},message:"must be integer,null"}];
return false;
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.step !== undefined){
let data7 = data.step;
const _errs14 = errors;
const _errs15 = errors;
if(!((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7)))){
validate37.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs15){
if(typeof data7 == "number"){
if(data7 < 0 || isNaN(data7)){
validate37.errors = [{instancePath:instancePath+"/step",schemaPath:"#/definitions/step/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
}
}
}
}
}
else {
validate37.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate37.errors = vErrors;
return errors === 0;
}


export const RunStartEvent: ValidateFunction = validate29;
export const StageEvent: ValidateFunction = validate30;
export const ScalarEvent: ValidateFunction = validate31;
export const ProgressEvent: ValidateFunction = validate32;
export const CheckpointEvent: ValidateFunction = validate33;
export const EvalResultEvent: ValidateFunction = validate34;
export const MediaEvent: ValidateFunction = validate35;
export const WarningEvent: ValidateFunction = validate36;
export const RunEndEvent: ValidateFunction = validate37;
