/* Generated from schemas/manifest.schema.json by scripts/gen-validators.mjs (ajv standalone). Do not edit. */
// @ts-nocheck
import type { ValidateFunction } from 'ajv';
import schema from '../../../../schemas/manifest.schema.json';

const schema11 = schema;
const schema12 = schema.definitions.sha256;
const func2 = Object.prototype.hasOwnProperty;
const formats0 = require("ajv-formats/dist/formats").fullFormats["date-time"];
const pattern0 = new RegExp("^[0-9a-f]{64}$", "u");
const schema13 = schema.definitions.code;

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.path === undefined) && (missing0 = "path")) || ((data.commit === undefined) && (missing0 = "commit"))) || ((data.dirty === undefined) && (missing0 = "dirty"))){
validate11.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema13.properties, key0))){
validate11.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.path !== undefined){
const _errs2 = errors;
if(typeof data.path !== "string"){
validate11.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.repo !== undefined){
let data1 = data.repo;
const _errs4 = errors;
if((typeof data1 !== "string") && (data1 !== null)){
validate11.errors = [{instancePath:instancePath+"/repo",schemaPath:"#/properties/repo/type",keyword:"type",params:{type: schema13.properties.repo.type},message:"must be string,null"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.commit !== undefined){
let data2 = data.commit;
const _errs6 = errors;
if((typeof data2 !== "string") && (data2 !== null)){
validate11.errors = [{instancePath:instancePath+"/commit",schemaPath:"#/properties/commit/type",keyword:"type",params:{type: schema13.properties.commit.type},message:"must be string,null"}];
return false;
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.branch !== undefined){
let data3 = data.branch;
const _errs8 = errors;
if((typeof data3 !== "string") && (data3 !== null)){
validate11.errors = [{instancePath:instancePath+"/branch",schemaPath:"#/properties/branch/type",keyword:"type",params:{type: schema13.properties.branch.type},message:"must be string,null"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.dirty !== undefined){
let data4 = data.dirty;
const _errs10 = errors;
if((typeof data4 !== "boolean") && (data4 !== null)){
validate11.errors = [{instancePath:instancePath+"/dirty",schemaPath:"#/properties/dirty/type",keyword:"type",params:{type: schema13.properties.dirty.type},message:"must be boolean,null"}];
return false;
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.diff !== undefined){
const _errs12 = errors;
if(typeof data.diff !== "string"){
validate11.errors = [{instancePath:instancePath+"/diff",schemaPath:"#/properties/diff/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.diff_sha256 !== undefined){
let data6 = data.diff_sha256;
const _errs14 = errors;
const _errs15 = errors;
if(errors === _errs15){
if(typeof data6 === "string"){
if(!pattern0.test(data6)){
validate11.errors = [{instancePath:instancePath+"/diff_sha256",schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate11.errors = [{instancePath:instancePath+"/diff_sha256",schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.diff_bytes !== undefined){
let data7 = data.diff_bytes;
const _errs17 = errors;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
validate11.errors = [{instancePath:instancePath+"/diff_bytes",schemaPath:"#/properties/diff_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs17){
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 < 0 || isNaN(data7)){
validate11.errors = [{instancePath:instancePath+"/diff_bytes",schemaPath:"#/properties/diff_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
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
if(data.diff_truncated !== undefined){
const _errs19 = errors;
if(typeof data.diff_truncated !== "boolean"){
validate11.errors = [{instancePath:instancePath+"/diff_truncated",schemaPath:"#/properties/diff_truncated/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.untracked !== undefined){
let data9 = data.untracked;
const _errs21 = errors;
if(errors === _errs21){
if(Array.isArray(data9)){
var valid2 = true;
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
const _errs23 = errors;
if(typeof data9[i0] !== "string"){
validate11.errors = [{instancePath:instancePath+"/untracked/" + i0,schemaPath:"#/properties/untracked/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid2 = _errs23 === errors;
if(!valid2){
break;
}
}
}
else {
validate11.errors = [{instancePath:instancePath+"/untracked",schemaPath:"#/properties/untracked/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid0 = _errs21 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.tree_sha256 !== undefined){
let data11 = data.tree_sha256;
const _errs25 = errors;
const _errs26 = errors;
if(errors === _errs26){
if(typeof data11 === "string"){
if(!pattern0.test(data11)){
validate11.errors = [{instancePath:instancePath+"/tree_sha256",schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate11.errors = [{instancePath:instancePath+"/tree_sha256",schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs25 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.error !== undefined){
const _errs28 = errors;
if(typeof data.error !== "string"){
validate11.errors = [{instancePath:instancePath+"/error",schemaPath:"#/properties/error/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs28 === errors;
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
else {
validate11.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate11.errors = vErrors;
return errors === 0;
}

const schema16 = schema.definitions.dataset;

function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((data.path === undefined) && (missing0 = "path")) || ((data.split === undefined) && (missing0 = "split"))) || ((data.sha256 === undefined) && (missing0 = "sha256"))) || ((data.files === undefined) && (missing0 = "files"))){
validate14.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!((((((((key0 === "stage") || (key0 === "type")) || (key0 === "path")) || (key0 === "split")) || (key0 === "files")) || (key0 === "sha256")) || (key0 === "episodes")) || (key0 === "error"))){
validate14.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.stage !== undefined){
const _errs2 = errors;
if(typeof data.stage !== "string"){
validate14.errors = [{instancePath:instancePath+"/stage",schemaPath:"#/properties/stage/type",keyword:"type",params:{type: "string"},message:"must be string"}];
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
if(typeof data.type !== "string"){
validate14.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.path !== undefined){
const _errs6 = errors;
if(typeof data.path !== "string"){
validate14.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.split !== undefined){
const _errs8 = errors;
if(typeof data.split !== "string"){
validate14.errors = [{instancePath:instancePath+"/split",schemaPath:"#/properties/split/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.files !== undefined){
let data4 = data.files;
const _errs10 = errors;
if(errors === _errs10){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key1 in data4){
let data5 = data4[key1];
const _errs13 = errors;
const _errs14 = errors;
if(errors === _errs14){
if(typeof data5 === "string"){
if(!pattern0.test(data5)){
validate14.errors = [{instancePath:instancePath+"/files/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate14.errors = [{instancePath:instancePath+"/files/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs13 === errors;
if(!valid1){
break;
}
}
}
else {
validate14.errors = [{instancePath:instancePath+"/files",schemaPath:"#/properties/files/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.sha256 !== undefined){
let data6 = data.sha256;
const _errs16 = errors;
const _errs17 = errors;
if(errors === _errs17){
if(typeof data6 === "string"){
if(!pattern0.test(data6)){
validate14.errors = [{instancePath:instancePath+"/sha256",schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate14.errors = [{instancePath:instancePath+"/sha256",schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.episodes !== undefined){
let data7 = data.episodes;
const _errs19 = errors;
if(errors === _errs19){
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
let missing1;
if(((((data7.count === undefined) && (missing1 = "count")) || ((data7.bytes === undefined) && (missing1 = "bytes"))) || ((data7.sha256 === undefined) && (missing1 = "sha256"))) || ((data7.files === undefined) && (missing1 = "files"))){
validate14.errors = [{instancePath:instancePath+"/episodes",schemaPath:"#/properties/episodes/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs21 = errors;
for(const key2 in data7){
if(!((((key2 === "count") || (key2 === "bytes")) || (key2 === "sha256")) || (key2 === "files"))){
validate14.errors = [{instancePath:instancePath+"/episodes",schemaPath:"#/properties/episodes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs21 === errors){
if(data7.count !== undefined){
let data8 = data7.count;
const _errs22 = errors;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
validate14.errors = [{instancePath:instancePath+"/episodes/count",schemaPath:"#/properties/episodes/properties/count/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs22){
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 < 0 || isNaN(data8)){
validate14.errors = [{instancePath:instancePath+"/episodes/count",schemaPath:"#/properties/episodes/properties/count/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid4 = _errs22 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data7.bytes !== undefined){
let data9 = data7.bytes;
const _errs24 = errors;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
validate14.errors = [{instancePath:instancePath+"/episodes/bytes",schemaPath:"#/properties/episodes/properties/bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs24){
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 < 0 || isNaN(data9)){
validate14.errors = [{instancePath:instancePath+"/episodes/bytes",schemaPath:"#/properties/episodes/properties/bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid4 = _errs24 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data7.sha256 !== undefined){
let data10 = data7.sha256;
const _errs26 = errors;
const _errs27 = errors;
if(errors === _errs27){
if(typeof data10 === "string"){
if(!pattern0.test(data10)){
validate14.errors = [{instancePath:instancePath+"/episodes/sha256",schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate14.errors = [{instancePath:instancePath+"/episodes/sha256",schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid4 = _errs26 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data7.files !== undefined){
let data11 = data7.files;
const _errs29 = errors;
if(errors === _errs29){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key3 in data11){
let data12 = data11[key3];
const _errs32 = errors;
const _errs33 = errors;
if(errors === _errs33){
if(typeof data12 === "string"){
if(!pattern0.test(data12)){
validate14.errors = [{instancePath:instancePath+"/episodes/files/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate14.errors = [{instancePath:instancePath+"/episodes/files/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid6 = _errs32 === errors;
if(!valid6){
break;
}
}
}
else {
validate14.errors = [{instancePath:instancePath+"/episodes/files",schemaPath:"#/properties/episodes/properties/files/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid4 = _errs29 === errors;
}
else {
var valid4 = true;
}
}
}
}
}
}
}
else {
validate14.errors = [{instancePath:instancePath+"/episodes",schemaPath:"#/properties/episodes/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.error !== undefined){
const _errs35 = errors;
if(typeof data.error !== "string"){
validate14.errors = [{instancePath:instancePath+"/error",schemaPath:"#/properties/error/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs35 === errors;
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
validate14.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate14.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://vla-lab.dev/schemas/manifest.schema.json" */;
let vErrors = null;
let errors = 0;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((((((((data.v === undefined) && (missing0 = "v")) || ((data.created_at === undefined) && (missing0 = "created_at"))) || ((data.backend === undefined) && (missing0 = "backend"))) || ((data.spec === undefined) && (missing0 = "spec"))) || ((data.code === undefined) && (missing0 = "code"))) || ((data.python === undefined) && (missing0 = "python"))) || ((data.packages === undefined) && (missing0 = "packages"))) || ((data.data === undefined) && (missing0 = "data"))) || ((data.seeds === undefined) && (missing0 = "seeds"))) || ((data.hardware === undefined) && (missing0 = "hardware"))){
validate10.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
validate10.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.v !== undefined){
const _errs2 = errors;
if(1 !== data.v){
validate10.errors = [{instancePath:instancePath+"/v",schemaPath:"#/properties/v/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.created_at !== undefined){
let data1 = data.created_at;
const _errs3 = errors;
if(errors === _errs3){
if(errors === _errs3){
if(typeof data1 === "string"){
if(!(formats0.validate(data1))){
validate10.errors = [{instancePath:instancePath+"/created_at",schemaPath:"#/properties/created_at/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""}];
return false;
}
}
else {
validate10.errors = [{instancePath:instancePath+"/created_at",schemaPath:"#/properties/created_at/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.writer !== undefined){
const _errs5 = errors;
if(typeof data.writer !== "string"){
validate10.errors = [{instancePath:instancePath+"/writer",schemaPath:"#/properties/writer/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.backend !== undefined){
let data3 = data.backend;
const _errs7 = errors;
if(!((data3 === "builtin") || (data3 === "robovlms"))){
validate10.errors = [{instancePath:instancePath+"/backend",schemaPath:"#/properties/backend/enum",keyword:"enum",params:{allowedValues: schema11.properties.backend.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid0 = _errs7 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.spec !== undefined){
let data4 = data.spec;
const _errs8 = errors;
if(errors === _errs8){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
let missing1;
if((data4.sha256 === undefined) && (missing1 = "sha256")){
validate10.errors = [{instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs10 = errors;
for(const key1 in data4){
if(!((key1 === "sha256") || (key1 === "file"))){
validate10.errors = [{instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs10 === errors){
if(data4.sha256 !== undefined){
let data5 = data4.sha256;
const _errs11 = errors;
const _errs12 = errors;
if(errors === _errs12){
if(typeof data5 === "string"){
if(!pattern0.test(data5)){
validate10.errors = [{instancePath:instancePath+"/spec/sha256",schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate10.errors = [{instancePath:instancePath+"/spec/sha256",schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs11 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data4.file !== undefined){
const _errs14 = errors;
if(typeof data4.file !== "string"){
validate10.errors = [{instancePath:instancePath+"/spec/file",schemaPath:"#/properties/spec/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs14 === errors;
}
else {
var valid1 = true;
}
}
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.code !== undefined){
let data7 = data.code;
const _errs16 = errors;
if(errors === _errs16){
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
let missing2;
if(((data7.workspace === undefined) && (missing2 = "workspace")) || ((data7.backend === undefined) && (missing2 = "backend"))){
validate10.errors = [{instancePath:instancePath+"/code",schemaPath:"#/properties/code/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
else {
const _errs18 = errors;
for(const key2 in data7){
if(!((key2 === "workspace") || (key2 === "backend"))){
validate10.errors = [{instancePath:instancePath+"/code",schemaPath:"#/properties/code/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs18 === errors){
if(data7.workspace !== undefined){
const _errs19 = errors;
if(!(validate11(data7.workspace, {instancePath:instancePath+"/code/workspace",parentData:data7,parentDataProperty:"workspace",rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
var valid3 = _errs19 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data7.backend !== undefined){
const _errs20 = errors;
if(!(validate11(data7.backend, {instancePath:instancePath+"/code/backend",parentData:data7,parentDataProperty:"backend",rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
var valid3 = _errs20 === errors;
}
else {
var valid3 = true;
}
}
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/code",schemaPath:"#/properties/code/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.python !== undefined){
let data10 = data.python;
const _errs21 = errors;
if(errors === _errs21){
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
let missing3;
if(((data10.executable === undefined) && (missing3 = "executable")) || ((data10.version === undefined) && (missing3 = "version"))){
validate10.errors = [{instancePath:instancePath+"/python",schemaPath:"#/properties/python/required",keyword:"required",params:{missingProperty: missing3},message:"must have required property '"+missing3+"'"}];
return false;
}
else {
const _errs23 = errors;
for(const key3 in data10){
if(!((((key3 === "executable") || (key3 === "version")) || (key3 === "implementation")) || (key3 === "platform"))){
validate10.errors = [{instancePath:instancePath+"/python",schemaPath:"#/properties/python/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs23 === errors){
if(data10.executable !== undefined){
const _errs24 = errors;
if(typeof data10.executable !== "string"){
validate10.errors = [{instancePath:instancePath+"/python/executable",schemaPath:"#/properties/python/properties/executable/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs24 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data10.version !== undefined){
const _errs26 = errors;
if(typeof data10.version !== "string"){
validate10.errors = [{instancePath:instancePath+"/python/version",schemaPath:"#/properties/python/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs26 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data10.implementation !== undefined){
const _errs28 = errors;
if(typeof data10.implementation !== "string"){
validate10.errors = [{instancePath:instancePath+"/python/implementation",schemaPath:"#/properties/python/properties/implementation/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs28 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data10.platform !== undefined){
const _errs30 = errors;
if(typeof data10.platform !== "string"){
validate10.errors = [{instancePath:instancePath+"/python/platform",schemaPath:"#/properties/python/properties/platform/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs30 === errors;
}
else {
var valid4 = true;
}
}
}
}
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/python",schemaPath:"#/properties/python/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs21 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.packages !== undefined){
let data15 = data.packages;
const _errs32 = errors;
if(errors === _errs32){
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key4 in data15){
const _errs35 = errors;
if(typeof data15[key4] !== "string"){
validate10.errors = [{instancePath:instancePath+"/packages/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/packages/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid5 = _errs35 === errors;
if(!valid5){
break;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/packages",schemaPath:"#/properties/packages/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs32 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.data !== undefined){
let data17 = data.data;
const _errs37 = errors;
if(errors === _errs37){
if(Array.isArray(data17)){
var valid6 = true;
const len0 = data17.length;
for(let i0=0; i0<len0; i0++){
const _errs39 = errors;
if(!(validate14(data17[i0], {instancePath:instancePath+"/data/" + i0,parentData:data17,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
errors = vErrors.length;
}
var valid6 = _errs39 === errors;
if(!valid6){
break;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/data",schemaPath:"#/properties/data/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid0 = _errs37 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.benchmark !== undefined){
let data19 = data.benchmark;
const _errs40 = errors;
if((!(data19 && typeof data19 == "object" && !Array.isArray(data19))) && (data19 !== null)){
validate10.errors = [{instancePath:instancePath+"/benchmark",schemaPath:"#/properties/benchmark/type",keyword:"type",params:{type: schema11.properties.benchmark.type},message:"must be object,null"}];
return false;
}
if(errors === _errs40){
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
let missing4;
if(((data19.name === undefined) && (missing4 = "name")) || ((data19.sha256 === undefined) && (missing4 = "sha256"))){
validate10.errors = [{instancePath:instancePath+"/benchmark",schemaPath:"#/properties/benchmark/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"}];
return false;
}
else {
const _errs42 = errors;
for(const key5 in data19){
if(!(((((key5 === "name") || (key5 === "version")) || (key5 === "sha256")) || (key5 === "source")) || (key5 === "files"))){
validate10.errors = [{instancePath:instancePath+"/benchmark",schemaPath:"#/properties/benchmark/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs42 === errors){
if(data19.name !== undefined){
const _errs43 = errors;
if(typeof data19.name !== "string"){
validate10.errors = [{instancePath:instancePath+"/benchmark/name",schemaPath:"#/properties/benchmark/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid7 = _errs43 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data19.version !== undefined){
let data21 = data19.version;
const _errs45 = errors;
if((typeof data21 !== "string") && (data21 !== null)){
validate10.errors = [{instancePath:instancePath+"/benchmark/version",schemaPath:"#/properties/benchmark/properties/version/type",keyword:"type",params:{type: schema11.properties.benchmark.properties.version.type},message:"must be string,null"}];
return false;
}
var valid7 = _errs45 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data19.sha256 !== undefined){
let data22 = data19.sha256;
const _errs47 = errors;
const _errs48 = errors;
if(errors === _errs48){
if(typeof data22 === "string"){
if(!pattern0.test(data22)){
validate10.errors = [{instancePath:instancePath+"/benchmark/sha256",schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate10.errors = [{instancePath:instancePath+"/benchmark/sha256",schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid7 = _errs47 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data19.source !== undefined){
const _errs50 = errors;
if(typeof data19.source !== "string"){
validate10.errors = [{instancePath:instancePath+"/benchmark/source",schemaPath:"#/properties/benchmark/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid7 = _errs50 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data19.files !== undefined){
let data24 = data19.files;
const _errs52 = errors;
if(errors === _errs52){
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
for(const key6 in data24){
let data25 = data24[key6];
const _errs55 = errors;
const _errs56 = errors;
if(errors === _errs56){
if(typeof data25 === "string"){
if(!pattern0.test(data25)){
validate10.errors = [{instancePath:instancePath+"/benchmark/files/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""}];
return false;
}
}
else {
validate10.errors = [{instancePath:instancePath+"/benchmark/files/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid9 = _errs55 === errors;
if(!valid9){
break;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/benchmark/files",schemaPath:"#/properties/benchmark/properties/files/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid7 = _errs52 === errors;
}
else {
var valid7 = true;
}
}
}
}
}
}
}
}
}
var valid0 = _errs40 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.seeds !== undefined){
let data26 = data.seeds;
const _errs58 = errors;
if(errors === _errs58){
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
for(const key7 in data26){
let data27 = data26[key7];
const _errs61 = errors;
if(!(((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27))) && (isFinite(data27)))){
validate10.errors = [{instancePath:instancePath+"/seeds/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/seeds/additionalProperties/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
var valid11 = _errs61 === errors;
if(!valid11){
break;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/seeds",schemaPath:"#/properties/seeds/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs58 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.hardware !== undefined){
let data28 = data.hardware;
const _errs63 = errors;
if(errors === _errs63){
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
let missing5;
if(((data28.cpu === undefined) && (missing5 = "cpu")) || ((data28.cores === undefined) && (missing5 = "cores"))){
validate10.errors = [{instancePath:instancePath+"/hardware",schemaPath:"#/properties/hardware/required",keyword:"required",params:{missingProperty: missing5},message:"must have required property '"+missing5+"'"}];
return false;
}
else {
const _errs65 = errors;
for(const key8 in data28){
if(!((((((((key8 === "cpu") || (key8 === "cores")) || (key8 === "memory_bytes")) || (key8 === "machine")) || (key8 === "os")) || (key8 === "gpus")) || (key8 === "driver")) || (key8 === "cuda"))){
validate10.errors = [{instancePath:instancePath+"/hardware",schemaPath:"#/properties/hardware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs65 === errors){
if(data28.cpu !== undefined){
let data29 = data28.cpu;
const _errs66 = errors;
if((typeof data29 !== "string") && (data29 !== null)){
validate10.errors = [{instancePath:instancePath+"/hardware/cpu",schemaPath:"#/properties/hardware/properties/cpu/type",keyword:"type",params:{type: schema11.properties.hardware.properties.cpu.type},message:"must be string,null"}];
return false;
}
var valid12 = _errs66 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.cores !== undefined){
let data30 = data28.cores;
const _errs68 = errors;
if((!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))) && (data30 !== null)){
validate10.errors = [{instancePath:instancePath+"/hardware/cores",schemaPath:"#/properties/hardware/properties/cores/type",keyword:"type",params:{type: schema11.properties.hardware.properties.cores.type},message:"must be integer,null"}];
return false;
}
var valid12 = _errs68 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.memory_bytes !== undefined){
let data31 = data28.memory_bytes;
const _errs70 = errors;
if((!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))) && (data31 !== null)){
validate10.errors = [{instancePath:instancePath+"/hardware/memory_bytes",schemaPath:"#/properties/hardware/properties/memory_bytes/type",keyword:"type",params:{type: schema11.properties.hardware.properties.memory_bytes.type},message:"must be integer,null"}];
return false;
}
var valid12 = _errs70 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.machine !== undefined){
const _errs72 = errors;
if(typeof data28.machine !== "string"){
validate10.errors = [{instancePath:instancePath+"/hardware/machine",schemaPath:"#/properties/hardware/properties/machine/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid12 = _errs72 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.os !== undefined){
const _errs74 = errors;
if(typeof data28.os !== "string"){
validate10.errors = [{instancePath:instancePath+"/hardware/os",schemaPath:"#/properties/hardware/properties/os/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid12 = _errs74 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.gpus !== undefined){
let data34 = data28.gpus;
const _errs76 = errors;
if(errors === _errs76){
if(Array.isArray(data34)){
var valid13 = true;
const len1 = data34.length;
for(let i1=0; i1<len1; i1++){
let data35 = data34[i1];
const _errs78 = errors;
if(errors === _errs78){
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
let missing6;
if((data35.name === undefined) && (missing6 = "name")){
validate10.errors = [{instancePath:instancePath+"/hardware/gpus/" + i1,schemaPath:"#/properties/hardware/properties/gpus/items/required",keyword:"required",params:{missingProperty: missing6},message:"must have required property '"+missing6+"'"}];
return false;
}
else {
const _errs80 = errors;
for(const key9 in data35){
if(!(((key9 === "index") || (key9 === "name")) || (key9 === "memory_mib"))){
validate10.errors = [{instancePath:instancePath+"/hardware/gpus/" + i1,schemaPath:"#/properties/hardware/properties/gpus/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs80 === errors){
if(data35.index !== undefined){
let data36 = data35.index;
const _errs81 = errors;
if(!(((typeof data36 == "number") && (!(data36 % 1) && !isNaN(data36))) && (isFinite(data36)))){
validate10.errors = [{instancePath:instancePath+"/hardware/gpus/" + i1+"/index",schemaPath:"#/properties/hardware/properties/gpus/items/properties/index/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
var valid14 = _errs81 === errors;
}
else {
var valid14 = true;
}
if(valid14){
if(data35.name !== undefined){
const _errs83 = errors;
if(typeof data35.name !== "string"){
validate10.errors = [{instancePath:instancePath+"/hardware/gpus/" + i1+"/name",schemaPath:"#/properties/hardware/properties/gpus/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid14 = _errs83 === errors;
}
else {
var valid14 = true;
}
if(valid14){
if(data35.memory_mib !== undefined){
let data38 = data35.memory_mib;
const _errs85 = errors;
if((!(((typeof data38 == "number") && (!(data38 % 1) && !isNaN(data38))) && (isFinite(data38)))) && (data38 !== null)){
validate10.errors = [{instancePath:instancePath+"/hardware/gpus/" + i1+"/memory_mib",schemaPath:"#/properties/hardware/properties/gpus/items/properties/memory_mib/type",keyword:"type",params:{type: schema11.properties.hardware.properties.gpus.items.properties.memory_mib.type},message:"must be integer,null"}];
return false;
}
var valid14 = _errs85 === errors;
}
else {
var valid14 = true;
}
}
}
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/hardware/gpus/" + i1,schemaPath:"#/properties/hardware/properties/gpus/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid13 = _errs78 === errors;
if(!valid13){
break;
}
}
}
else {
validate10.errors = [{instancePath:instancePath+"/hardware/gpus",schemaPath:"#/properties/hardware/properties/gpus/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid12 = _errs76 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.driver !== undefined){
let data39 = data28.driver;
const _errs87 = errors;
if((typeof data39 !== "string") && (data39 !== null)){
validate10.errors = [{instancePath:instancePath+"/hardware/driver",schemaPath:"#/properties/hardware/properties/driver/type",keyword:"type",params:{type: schema11.properties.hardware.properties.driver.type},message:"must be string,null"}];
return false;
}
var valid12 = _errs87 === errors;
}
else {
var valid12 = true;
}
if(valid12){
if(data28.cuda !== undefined){
let data40 = data28.cuda;
const _errs89 = errors;
if((typeof data40 !== "string") && (data40 !== null)){
validate10.errors = [{instancePath:instancePath+"/hardware/cuda",schemaPath:"#/properties/hardware/properties/cuda/type",keyword:"type",params:{type: schema11.properties.hardware.properties.cuda.type},message:"must be string,null"}];
return false;
}
var valid12 = _errs89 === errors;
}
else {
var valid12 = true;
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
validate10.errors = [{instancePath:instancePath+"/hardware",schemaPath:"#/properties/hardware/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs63 === errors;
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
else {
validate10.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate10.errors = vErrors;
return errors === 0;
}


export const validate: ValidateFunction = validate10;
