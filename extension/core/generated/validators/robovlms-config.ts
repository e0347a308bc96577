/* Generated from schemas/robovlms-config.schema.json by scripts/gen-validators.mjs (ajv standalone). Do not edit. */
// @ts-nocheck
import type { ValidateFunction } from 'ajv';
import schema from '../../../../schemas/robovlms-config.schema.json';

const schema11 = schema;
const schema12 = schema.definitions.trainSetup;
const schema13 = schema.definitions.actHead;
const schema14 = schema.definitions.tokenizer;
const schema15 = schema.definitions.vlm;
const schema16 = schema.definitions.trainer;
const schema17 = schema.definitions.dataset;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://vla-lab.dev/schemas/robovlms-config.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.robovlm_name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "robovlm_name"},message:"must have required property '"+"robovlm_name"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.$schema !== undefined){
if(typeof data.$schema !== "string"){
const err1 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.robovlm_name !== undefined){
let data1 = data.robovlm_name;
const _errs5 = errors;
let valid1 = false;
const _errs6 = errors;
if(!(((((((data1 === "RoboFlamingo") || (data1 === "RoboKosMos")) || (data1 === "RoboLLaVA")) || (data1 === "RoboMoonDream")) || (data1 === "RoboPaligemma")) || (data1 === "RoboQwen")) || (data1 === "RoboUform"))){
const err2 = {instancePath:instancePath+"/robovlm_name",schemaPath:"#/properties/robovlm_name/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema11.properties.robovlm_name.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs7 = errors;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/robovlm_name",schemaPath:"#/properties/robovlm_name/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs7 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err4 = {instancePath:instancePath+"/robovlm_name",schemaPath:"#/properties/robovlm_name/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs5;
if(vErrors !== null){
if(_errs5){
vErrors.length = _errs5;
}
else {
vErrors = null;
}
}
}
}
if(data.parent !== undefined){
let data2 = data.parent;
if((typeof data2 !== "string") && (data2 !== null)){
const err5 = {instancePath:instancePath+"/parent",schemaPath:"#/properties/parent/type",keyword:"type",params:{type: schema11.properties.parent.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.task_name !== undefined){
if(typeof data.task_name !== "string"){
const err6 = {instancePath:instancePath+"/task_name",schemaPath:"#/properties/task_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.model !== undefined){
let data4 = data.model;
const _errs14 = errors;
let valid2 = false;
const _errs15 = errors;
if(!(((((((data4 === "flamingo") || (data4 === "kosmos")) || (data4 === "llava")) || (data4 === "moondream")) || (data4 === "paligemma")) || (data4 === "qwen")) || (data4 === "uform"))){
const err7 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema11.properties.model.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var _valid1 = _errs15 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const _errs16 = errors;
if(typeof data4 !== "string"){
const err8 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid1 = _errs16 === errors;
valid2 = valid2 || _valid1;
}
if(!valid2){
const err9 = {instancePath:instancePath+"/model",schemaPath:"#/properties/model/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs14;
if(vErrors !== null){
if(_errs14){
vErrors.length = _errs14;
}
else {
vErrors = null;
}
}
}
}
if(data.model_url !== undefined){
if(typeof data.model_url !== "string"){
const err10 = {instancePath:instancePath+"/model_url",schemaPath:"#/properties/model_url/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.model_path !== undefined){
if(typeof data.model_path !== "string"){
const err11 = {instancePath:instancePath+"/model_path",schemaPath:"#/properties/model_path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.model_config !== undefined){
if(typeof data.model_config !== "string"){
const err12 = {instancePath:instancePath+"/model_config",schemaPath:"#/properties/model_config/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.llava !== undefined){
if(typeof data.llava !== "string"){
const err13 = {instancePath:instancePath+"/llava",schemaPath:"#/properties/llava/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.llava_config !== undefined){
if(typeof data.llava_config !== "string"){
const err14 = {instancePath:instancePath+"/llava_config",schemaPath:"#/properties/llava_config/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.qwen !== undefined){
if(typeof data.qwen !== "string"){
const err15 = {instancePath:instancePath+"/qwen",schemaPath:"#/properties/qwen/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.seq_len !== undefined){
if(!(typeof data.seq_len == "number")){
const err16 = {instancePath:instancePath+"/seq_len",schemaPath:"#/properties/seq_len/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.image_size !== undefined){
let data12 = data.image_size;
if(!((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12)))){
const err17 = {instancePath:instancePath+"/image_size",schemaPath:"#/properties/image_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(typeof data12 == "number"){
if(data12 < 1 || isNaN(data12)){
const err18 = {instancePath:instancePath+"/image_size",schemaPath:"#/properties/image_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
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
if(data.image_mean !== undefined){
let data13 = data.image_mean;
if(Array.isArray(data13)){
const len0 = data13.length;
for(let i0=0; i0<len0; i0++){
if(!(typeof data13[i0] == "number")){
const err19 = {instancePath:instancePath+"/image_mean/" + i0,schemaPath:"#/properties/image_mean/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/image_mean",schemaPath:"#/properties/image_mean/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.image_std !== undefined){
let data15 = data.image_std;
if(Array.isArray(data15)){
const len1 = data15.length;
for(let i1=0; i1<len1; i1++){
if(!(typeof data15[i1] == "number")){
const err21 = {instancePath:instancePath+"/image_std/" + i1,schemaPath:"#/properties/image_std/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/image_std",schemaPath:"#/properties/image_std/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.window_size !== undefined){
let data17 = data.window_size;
if(!((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17)))){
const err23 = {instancePath:instancePath+"/window_size",schemaPath:"#/properties/window_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(typeof data17 == "number"){
if(data17 < 1 || isNaN(data17)){
const err24 = {instancePath:instancePath+"/window_size",schemaPath:"#/properties/window_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data.fwd_pred_next_n !== undefined){
let data18 = data.fwd_pred_next_n;
if(!((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18)))){
const err25 = {instancePath:instancePath+"/fwd_pred_next_n",schemaPath:"#/properties/fwd_pred_next_n/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(typeof data18 == "number"){
if(data18 < 1 || isNaN(data18)){
const err26 = {instancePath:instancePath+"/fwd_pred_next_n",schemaPath:"#/properties/fwd_pred_next_n/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
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
if(data.arm_gripper_loss_ratio !== undefined){
let data19 = data.arm_gripper_loss_ratio;
if(typeof data19 == "number"){
if(data19 < 0 || isNaN(data19)){
const err27 = {instancePath:instancePath+"/arm_gripper_loss_ratio",schemaPath:"#/properties/arm_gripper_loss_ratio/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
const err28 = {instancePath:instancePath+"/arm_gripper_loss_ratio",schemaPath:"#/properties/arm_gripper_loss_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.cap_loss_ratio !== undefined){
if(!(typeof data.cap_loss_ratio == "number")){
const err29 = {instancePath:instancePath+"/cap_loss_ratio",schemaPath:"#/properties/cap_loss_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.fwd_loss_ratio !== undefined){
if(!(typeof data.fwd_loss_ratio == "number")){
const err30 = {instancePath:instancePath+"/fwd_loss_ratio",schemaPath:"#/properties/fwd_loss_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.vl_cotrain_ratio !== undefined){
if(!(typeof data.vl_cotrain_ratio == "number")){
const err31 = {instancePath:instancePath+"/vl_cotrain_ratio",schemaPath:"#/properties/vl_cotrain_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.seed !== undefined){
let data23 = data.seed;
if(!((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23)))){
const err32 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.batch_size !== undefined){
let data24 = data.batch_size;
const _errs57 = errors;
let valid7 = false;
const _errs58 = errors;
if(!((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24)))){
const err33 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(typeof data24 == "number"){
if(data24 < 1 || isNaN(data24)){
const err34 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
var _valid2 = _errs58 === errors;
valid7 = valid7 || _valid2;
if(!valid7){
const _errs60 = errors;
if(Array.isArray(data24)){
if(data24.length < 1){
const err35 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
const len2 = data24.length;
for(let i2=0; i2<len2; i2++){
let data25 = data24[i2];
if(!((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25)))){
const err36 = {instancePath:instancePath+"/batch_size/" + i2,schemaPath:"#/properties/batch_size/anyOf/1/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if(typeof data25 == "number"){
if(data25 < 1 || isNaN(data25)){
const err37 = {instancePath:instancePath+"/batch_size/" + i2,schemaPath:"#/properties/batch_size/anyOf/1/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
}
else {
const err38 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var _valid2 = _errs60 === errors;
valid7 = valid7 || _valid2;
}
if(!valid7){
const err39 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
else {
errors = _errs57;
if(vErrors !== null){
if(_errs57){
vErrors.length = _errs57;
}
else {
vErrors = null;
}
}
}
}
if(data.num_workers !== undefined){
let data26 = data.num_workers;
const _errs65 = errors;
let valid10 = false;
const _errs66 = errors;
if(!((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26)))){
const err40 = {instancePath:instancePath+"/num_workers",schemaPath:"#/properties/num_workers/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(typeof data26 == "number"){
if(data26 < 0 || isNaN(data26)){
const err41 = {instancePath:instancePath+"/num_workers",schemaPath:"#/properties/num_workers/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
var _valid3 = _errs66 === errors;
valid10 = valid10 || _valid3;
if(!valid10){
const _errs68 = errors;
if(Array.isArray(data26)){
const len3 = data26.length;
for(let i3=0; i3<len3; i3++){
let data27 = data26[i3];
if(!((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27)))){
const err42 = {instancePath:instancePath+"/num_workers/" + i3,schemaPath:"#/properties/num_workers/anyOf/1/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(typeof data27 == "number"){
if(data27 < 0 || isNaN(data27)){
const err43 = {instancePath:instancePath+"/num_workers/" + i3,schemaPath:"#/properties/num_workers/anyOf/1/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
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
}
else {
const err44 = {instancePath:instancePath+"/num_workers",schemaPath:"#/properties/num_workers/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
var _valid3 = _errs68 === errors;
valid10 = valid10 || _valid3;
}
if(!valid10){
const err45 = {instancePath:instancePath+"/num_workers",schemaPath:"#/properties/num_workers/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
else {
errors = _errs65;
if(vErrors !== null){
if(_errs65){
vErrors.length = _errs65;
}
else {
vErrors = null;
}
}
}
}
if(data.data_scale !== undefined){
if(!(typeof data.data_scale == "number")){
const err46 = {instancePath:instancePath+"/data_scale",schemaPath:"#/properties/data_scale/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data.optimizer !== undefined){
if(typeof data.optimizer !== "string"){
const err47 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data.learning_rate !== undefined){
let data30 = data.learning_rate;
if(typeof data30 == "number"){
if(data30 <= 0 || isNaN(data30)){
const err48 = {instancePath:instancePath+"/learning_rate",schemaPath:"#/properties/learning_rate/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
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
const err49 = {instancePath:instancePath+"/learning_rate",schemaPath:"#/properties/learning_rate/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data.min_lr_scale !== undefined){
let data31 = data.min_lr_scale;
if(typeof data31 == "number"){
if(data31 < 0 || isNaN(data31)){
const err50 = {instancePath:instancePath+"/min_lr_scale",schemaPath:"#/properties/min_lr_scale/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/min_lr_scale",schemaPath:"#/properties/min_lr_scale/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data.weight_decay !== undefined){
let data32 = data.weight_decay;
if(typeof data32 == "number"){
if(data32 < 0 || isNaN(data32)){
const err52 = {instancePath:instancePath+"/weight_decay",schemaPath:"#/properties/weight_decay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
else {
const err53 = {instancePath:instancePath+"/weight_decay",schemaPath:"#/properties/weight_decay/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data.warmup_epochs !== undefined){
let data33 = data.warmup_epochs;
if(typeof data33 == "number"){
if(data33 < 0 || isNaN(data33)){
const err54 = {instancePath:instancePath+"/warmup_epochs",schemaPath:"#/properties/warmup_epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/warmup_epochs",schemaPath:"#/properties/warmup_epochs/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data.warmup_steps !== undefined){
let data34 = data.warmup_steps;
if(!((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34)))){
const err56 = {instancePath:instancePath+"/warmup_steps",schemaPath:"#/properties/warmup_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if(typeof data34 == "number"){
if(data34 < 0 || isNaN(data34)){
const err57 = {instancePath:instancePath+"/warmup_steps",schemaPath:"#/properties/warmup_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
if(data.warmup_ratio !== undefined){
let data35 = data.warmup_ratio;
if((!(typeof data35 == "number")) && (data35 !== null)){
const err58 = {instancePath:instancePath+"/warmup_ratio",schemaPath:"#/properties/warmup_ratio/type",keyword:"type",params:{type: schema11.properties.warmup_ratio.type},message:"must be number,null"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data.scheduler !== undefined){
let data36 = data.scheduler;
const _errs89 = errors;
let valid13 = false;
const _errs90 = errors;
if(!(((data36 === "constant") || (data36 === "half-cosine")) || (data36 === "cosine"))){
const err59 = {instancePath:instancePath+"/scheduler",schemaPath:"#/properties/scheduler/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema11.properties.scheduler.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var _valid4 = _errs90 === errors;
valid13 = valid13 || _valid4;
if(!valid13){
const _errs91 = errors;
if(typeof data36 !== "string"){
const err60 = {instancePath:instancePath+"/scheduler",schemaPath:"#/properties/scheduler/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
var _valid4 = _errs91 === errors;
valid13 = valid13 || _valid4;
}
if(!valid13){
const err61 = {instancePath:instancePath+"/scheduler",schemaPath:"#/properties/scheduler/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
else {
errors = _errs89;
if(vErrors !== null){
if(_errs89){
vErrors.length = _errs89;
}
else {
vErrors = null;
}
}
}
}
if(data.gradient_clip_val !== undefined){
let data37 = data.gradient_clip_val;
if(typeof data37 == "number"){
if(data37 < 0 || isNaN(data37)){
const err62 = {instancePath:instancePath+"/gradient_clip_val",schemaPath:"#/properties/gradient_clip_val/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/gradient_clip_val",schemaPath:"#/properties/gradient_clip_val/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data.use_hand_rgb !== undefined){
if(typeof data.use_hand_rgb !== "boolean"){
const err64 = {instancePath:instancePath+"/use_hand_rgb",schemaPath:"#/properties/use_hand_rgb/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data.use_time_causal_attn !== undefined){
if(typeof data.use_time_causal_attn !== "boolean"){
const err65 = {instancePath:instancePath+"/use_time_causal_attn",schemaPath:"#/properties/use_time_causal_attn/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data.use_mim_obs_loss !== undefined){
if(typeof data.use_mim_obs_loss !== "boolean"){
const err66 = {instancePath:instancePath+"/use_mim_obs_loss",schemaPath:"#/properties/use_mim_obs_loss/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data.use_pixel_loss !== undefined){
if(typeof data.use_pixel_loss !== "boolean"){
const err67 = {instancePath:instancePath+"/use_pixel_loss",schemaPath:"#/properties/use_pixel_loss/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data.use_obs_queries !== undefined){
if(typeof data.use_obs_queries !== "boolean"){
const err68 = {instancePath:instancePath+"/use_obs_queries",schemaPath:"#/properties/use_obs_queries/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data.use_vision_resampler !== undefined){
if(typeof data.use_vision_resampler !== "boolean"){
const err69 = {instancePath:instancePath+"/use_vision_resampler",schemaPath:"#/properties/use_vision_resampler/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data.vision_masked_ratio !== undefined){
let data44 = data.vision_masked_ratio;
if(typeof data44 == "number"){
if(data44 > 1 || isNaN(data44)){
const err70 = {instancePath:instancePath+"/vision_masked_ratio",schemaPath:"#/properties/vision_masked_ratio/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if(data44 < 0 || isNaN(data44)){
const err71 = {instancePath:instancePath+"/vision_masked_ratio",schemaPath:"#/properties/vision_masked_ratio/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/vision_masked_ratio",schemaPath:"#/properties/vision_masked_ratio/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data.use_tube_mask !== undefined){
if(typeof data.use_tube_mask !== "boolean"){
const err73 = {instancePath:instancePath+"/use_tube_mask",schemaPath:"#/properties/use_tube_mask/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
if(data.use_mu_law !== undefined){
if(typeof data.use_mu_law !== "boolean"){
const err74 = {instancePath:instancePath+"/use_mu_law",schemaPath:"#/properties/use_mu_law/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data.mu_val !== undefined){
if(!(typeof data.mu_val == "number")){
const err75 = {instancePath:instancePath+"/mu_val",schemaPath:"#/properties/mu_val/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data.tcp_rel !== undefined){
if(typeof data.tcp_rel !== "boolean"){
const err76 = {instancePath:instancePath+"/tcp_rel",schemaPath:"#/properties/tcp_rel/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data.train_weights !== undefined){
let data49 = data.train_weights;
if((!(Array.isArray(data49))) && (data49 !== null)){
const err77 = {instancePath:instancePath+"/train_weights",schemaPath:"#/properties/train_weights/type",keyword:"type",params:{type: schema11.properties.train_weights.type},message:"must be array,null"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(Array.isArray(data49)){
const len4 = data49.length;
for(let i4=0; i4<len4; i4++){
if(!(typeof data49[i4] == "number")){
const err78 = {instancePath:instancePath+"/train_weights/" + i4,schemaPath:"#/properties/train_weights/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
}
}
if(data.output_root !== undefined){
if(typeof data.output_root !== "string"){
const err79 = {instancePath:instancePath+"/output_root",schemaPath:"#/properties/output_root/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data.log_root !== undefined){
if(typeof data.log_root !== "string"){
const err80 = {instancePath:instancePath+"/log_root",schemaPath:"#/properties/log_root/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data.cache_root !== undefined){
if(typeof data.cache_root !== "string"){
const err81 = {instancePath:instancePath+"/cache_root",schemaPath:"#/properties/cache_root/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data.model_load_path !== undefined){
let data54 = data.model_load_path;
if((typeof data54 !== "string") && (data54 !== null)){
const err82 = {instancePath:instancePath+"/model_load_path",schemaPath:"#/properties/model_load_path/type",keyword:"type",params:{type: schema11.properties.model_load_path.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data.model_load_source !== undefined){
let data55 = data.model_load_source;
if(!(((data55 === "torch") || (data55 === "lightning")) || (data55 === "deepspeed"))){
const err83 = {instancePath:instancePath+"/model_load_source",schemaPath:"#/properties/model_load_source/enum",keyword:"enum",params:{allowedValues: schema11.properties.model_load_source.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data.resume !== undefined){
let data56 = data.resume;
if((typeof data56 !== "string") && (data56 !== null)){
const err84 = {instancePath:instancePath+"/resume",schemaPath:"#/properties/resume/type",keyword:"type",params:{type: schema11.properties.resume.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data.gpus !== undefined){
let data57 = data.gpus;
if(!((typeof data57 == "number") && (!(data57 % 1) && !isNaN(data57)))){
const err85 = {instancePath:instancePath+"/gpus",schemaPath:"#/properties/gpus/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if(typeof data57 == "number"){
if(data57 < 1 || isNaN(data57)){
const err86 = {instancePath:instancePath+"/gpus",schemaPath:"#/properties/gpus/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
if(data.num_nodes !== undefined){
let data58 = data.num_nodes;
if(!((typeof data58 == "number") && (!(data58 % 1) && !isNaN(data58)))){
const err87 = {instancePath:instancePath+"/num_nodes",schemaPath:"#/properties/num_nodes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
if(typeof data58 == "number"){
if(data58 < 1 || isNaN(data58)){
const err88 = {instancePath:instancePath+"/num_nodes",schemaPath:"#/properties/num_nodes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
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
if(data.exp_name !== undefined){
if(typeof data.exp_name !== "string"){
const err89 = {instancePath:instancePath+"/exp_name",schemaPath:"#/properties/exp_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data.train_setup !== undefined){
let data60 = data.train_setup;
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
if(data60.precision !== undefined){
if(typeof data60.precision !== "string"){
const err90 = {instancePath:instancePath+"/train_setup/precision",schemaPath:"#/definitions/trainSetup/properties/precision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data60.predict_action !== undefined){
if(typeof data60.predict_action !== "boolean"){
const err91 = {instancePath:instancePath+"/train_setup/predict_action",schemaPath:"#/definitions/trainSetup/properties/predict_action/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data60.predict_forward !== undefined){
if(typeof data60.predict_forward !== "boolean"){
const err92 = {instancePath:instancePath+"/train_setup/predict_forward",schemaPath:"#/definitions/trainSetup/properties/predict_forward/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data60.predict_forward_hand !== undefined){
if(typeof data60.predict_forward_hand !== "boolean"){
const err93 = {instancePath:instancePath+"/train_setup/predict_forward_hand",schemaPath:"#/definitions/trainSetup/properties/predict_forward_hand/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data60.predict_caption !== undefined){
if(typeof data60.predict_caption !== "boolean"){
const err94 = {instancePath:instancePath+"/train_setup/predict_caption",schemaPath:"#/definitions/trainSetup/properties/predict_caption/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data60.train_vision !== undefined){
if(typeof data60.train_vision !== "boolean"){
const err95 = {instancePath:instancePath+"/train_setup/train_vision",schemaPath:"#/definitions/trainSetup/properties/train_vision/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data60.train_text_embedding !== undefined){
if(typeof data60.train_text_embedding !== "boolean"){
const err96 = {instancePath:instancePath+"/train_setup/train_text_embedding",schemaPath:"#/definitions/trainSetup/properties/train_text_embedding/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data60.freeze_backbone !== undefined){
if(typeof data60.freeze_backbone !== "boolean"){
const err97 = {instancePath:instancePath+"/train_setup/freeze_backbone",schemaPath:"#/definitions/trainSetup/properties/freeze_backbone/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data60.train_decoder_layers !== undefined){
let data69 = data60.train_decoder_layers;
if(!((typeof data69 == "number") && (!(data69 % 1) && !isNaN(data69)))){
const err98 = {instancePath:instancePath+"/train_setup/train_decoder_layers",schemaPath:"#/definitions/trainSetup/properties/train_decoder_layers/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data60.train_full_decoder !== undefined){
if(typeof data60.train_full_decoder !== "boolean"){
const err99 = {instancePath:instancePath+"/train_setup/train_full_decoder",schemaPath:"#/definitions/trainSetup/properties/train_full_decoder/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data60.train_resampler !== undefined){
if(typeof data60.train_resampler !== "boolean"){
const err100 = {instancePath:instancePath+"/train_setup/train_resampler",schemaPath:"#/definitions/trainSetup/properties/train_resampler/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data60.freeze_resampler !== undefined){
if(typeof data60.freeze_resampler !== "boolean"){
const err101 = {instancePath:instancePath+"/train_setup/freeze_resampler",schemaPath:"#/definitions/trainSetup/properties/freeze_resampler/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data60.reinit !== undefined){
if(typeof data60.reinit !== "boolean"){
const err102 = {instancePath:instancePath+"/train_setup/reinit",schemaPath:"#/definitions/trainSetup/properties/reinit/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data60.lora_enable !== undefined){
if(typeof data60.lora_enable !== "boolean"){
const err103 = {instancePath:instancePath+"/train_setup/lora_enable",schemaPath:"#/definitions/trainSetup/properties/lora_enable/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data60.lora_r !== undefined){
let data75 = data60.lora_r;
if(!((typeof data75 == "number") && (!(data75 % 1) && !isNaN(data75)))){
const err104 = {instancePath:instancePath+"/train_setup/lora_r",schemaPath:"#/definitions/trainSetup/properties/lora_r/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
if(typeof data75 == "number"){
if(data75 < 1 || isNaN(data75)){
const err105 = {instancePath:instancePath+"/train_setup/lora_r",schemaPath:"#/definitions/trainSetup/properties/lora_r/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
if(data60.lora_alpha !== undefined){
if(!(typeof data60.lora_alpha == "number")){
const err106 = {instancePath:instancePath+"/train_setup/lora_alpha",schemaPath:"#/definitions/trainSetup/properties/lora_alpha/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data60.lora_dropout !== undefined){
let data77 = data60.lora_dropout;
if(typeof data77 == "number"){
if(data77 > 1 || isNaN(data77)){
const err107 = {instancePath:instancePath+"/train_setup/lora_dropout",schemaPath:"#/definitions/trainSetup/properties/lora_dropout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
if(data77 < 0 || isNaN(data77)){
const err108 = {instancePath:instancePath+"/train_setup/lora_dropout",schemaPath:"#/definitions/trainSetup/properties/lora_dropout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
else {
const err109 = {instancePath:instancePath+"/train_setup/lora_dropout",schemaPath:"#/definitions/trainSetup/properties/lora_dropout/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data60.lora_bias !== undefined){
let data78 = data60.lora_bias;
if(!(((data78 === "none") || (data78 === "all")) || (data78 === "lora_only"))){
const err110 = {instancePath:instancePath+"/train_setup/lora_bias",schemaPath:"#/definitions/trainSetup/properties/lora_bias/enum",keyword:"enum",params:{allowedValues: schema12.properties.lora_bias.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data60.bits !== undefined){
let data79 = data60.bits;
if(!((typeof data79 == "number") && (!(data79 % 1) && !isNaN(data79)))){
const err111 = {instancePath:instancePath+"/train_setup/bits",schemaPath:"#/definitions/trainSetup/properties/bits/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data60.mm_projector_lr !== undefined){
if(!(typeof data60.mm_projector_lr == "number")){
const err112 = {instancePath:instancePath+"/train_setup/mm_projector_lr",schemaPath:"#/definitions/trainSetup/properties/mm_projector_lr/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data60.freeze_mm_mlp_adapter !== undefined){
if(typeof data60.freeze_mm_mlp_adapter !== "boolean"){
const err113 = {instancePath:instancePath+"/train_setup/freeze_mm_mlp_adapter",schemaPath:"#/definitions/trainSetup/properties/freeze_mm_mlp_adapter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data60.tune_mm_mlp_adapter !== undefined){
if(typeof data60.tune_mm_mlp_adapter !== "boolean"){
const err114 = {instancePath:instancePath+"/train_setup/tune_mm_mlp_adapter",schemaPath:"#/definitions/trainSetup/properties/tune_mm_mlp_adapter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data60.mm_use_im_start_end !== undefined){
if(typeof data60.mm_use_im_start_end !== "boolean"){
const err115 = {instancePath:instancePath+"/train_setup/mm_use_im_start_end",schemaPath:"#/definitions/trainSetup/properties/mm_use_im_start_end/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data60.mm_use_im_patch_token !== undefined){
if(typeof data60.mm_use_im_patch_token !== "boolean"){
const err116 = {instancePath:instancePath+"/train_setup/mm_use_im_patch_token",schemaPath:"#/definitions/trainSetup/properties/mm_use_im_patch_token/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
if(data60.gradient_checkpointing !== undefined){
if(typeof data60.gradient_checkpointing !== "boolean"){
const err117 = {instancePath:instancePath+"/train_setup/gradient_checkpointing",schemaPath:"#/definitions/trainSetup/properties/gradient_checkpointing/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
if(data60.load_vl_param !== undefined){
if(typeof data60.load_vl_param !== "boolean"){
const err118 = {instancePath:instancePath+"/train_setup/load_vl_param",schemaPath:"#/definitions/trainSetup/properties/load_vl_param/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
}
else {
const err119 = {instancePath:instancePath+"/train_setup",schemaPath:"#/definitions/trainSetup/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
if(data.vision_encoder !== undefined){
let data87 = data.vision_encoder;
if(data87 && typeof data87 == "object" && !Array.isArray(data87)){
if(data87.clip_vision_encoder_path !== undefined){
if(typeof data87.clip_vision_encoder_path !== "string"){
const err120 = {instancePath:instancePath+"/vision_encoder/clip_vision_encoder_path",schemaPath:"#/properties/vision_encoder/properties/clip_vision_encoder_path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data87.clip_vision_encoder_pretrained !== undefined){
if(typeof data87.clip_vision_encoder_pretrained !== "string"){
const err121 = {instancePath:instancePath+"/vision_encoder/clip_vision_encoder_pretrained",schemaPath:"#/properties/vision_encoder/properties/clip_vision_encoder_pretrained/type",keyword:"type",params:{type: "string"},message:"must be string"};
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
const err122 = {instancePath:instancePath+"/vision_encoder",schemaPath:"#/properties/vision_encoder/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data.vision_resampler !== undefined){
let data90 = data.vision_resampler;
if((!(data90 && typeof data90 == "object" && !Array.isArray(data90))) && (data90 !== null)){
const err123 = {instancePath:instancePath+"/vision_resampler",schemaPath:"#/properties/vision_resampler/type",keyword:"type",params:{type: schema11.properties.vision_resampler.type},message:"must be object,null"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
if(data90 && typeof data90 == "object" && !Array.isArray(data90)){
if(data90.vis_dim !== undefined){
let data91 = data90.vis_dim;
if(!((typeof data91 == "number") && (!(data91 % 1) && !isNaN(data91)))){
const err124 = {instancePath:instancePath+"/vision_resampler/vis_dim",schemaPath:"#/properties/vision_resampler/properties/vis_dim/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
if(data90.depth !== undefined){
let data92 = data90.depth;
if(!((typeof data92 == "number") && (!(data92 % 1) && !isNaN(data92)))){
const err125 = {instancePath:instancePath+"/vision_resampler/depth",schemaPath:"#/properties/vision_resampler/properties/depth/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data90.dim_head !== undefined){
let data93 = data90.dim_head;
if(!((typeof data93 == "number") && (!(data93 % 1) && !isNaN(data93)))){
const err126 = {instancePath:instancePath+"/vision_resampler/dim_head",schemaPath:"#/properties/vision_resampler/properties/dim_head/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data90.heads !== undefined){
let data94 = data90.heads;
if(!((typeof data94 == "number") && (!(data94 % 1) && !isNaN(data94)))){
const err127 = {instancePath:instancePath+"/vision_resampler/heads",schemaPath:"#/properties/vision_resampler/properties/heads/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
if(data90.num_latents !== undefined){
let data95 = data90.num_latents;
if(!((typeof data95 == "number") && (!(data95 % 1) && !isNaN(data95)))){
const err128 = {instancePath:instancePath+"/vision_resampler/num_latents",schemaPath:"#/properties/vision_resampler/properties/num_latents/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
}
}
if(data.act_encoder !== undefined){
let data96 = data.act_encoder;
if((!(data96 && typeof data96 == "object" && !Array.isArray(data96))) && (data96 !== null)){
const err129 = {instancePath:instancePath+"/act_encoder",schemaPath:"#/properties/act_encoder/type",keyword:"type",params:{type: schema11.properties.act_encoder.type},message:"must be object,null"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
if(data.act_head !== undefined){
let data97 = data.act_head;
if((!(data97 && typeof data97 == "object" && !Array.isArray(data97))) && (data97 !== null)){
const err130 = {instancePath:instancePath+"/act_head",schemaPath:"#/definitions/actHead/type",keyword:"type",params:{type: schema13.type},message:"must be object,null"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
if(data97 && typeof data97 == "object" && !Array.isArray(data97)){
if(data97.type !== undefined){
let data98 = data97.type;
const _errs221 = errors;
let valid22 = false;
const _errs222 = errors;
if(!((((data98 === "LSTMDecoder") || (data98 === "FCDecoder")) || (data98 === "GPTDecoder")) || (data98 === "DiscreteDecoder"))){
const err131 = {instancePath:instancePath+"/act_head/type",schemaPath:"#/definitions/actHead/properties/type/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema13.properties.type.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
var _valid5 = _errs222 === errors;
valid22 = valid22 || _valid5;
if(!valid22){
const _errs223 = errors;
if(typeof data98 !== "string"){
const err132 = {instancePath:instancePath+"/act_head/type",schemaPath:"#/definitions/actHead/properties/type/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
var _valid5 = _errs223 === errors;
valid22 = valid22 || _valid5;
}
if(!valid22){
const err133 = {instancePath:instancePath+"/act_head/type",schemaPath:"#/definitions/actHead/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
else {
errors = _errs221;
if(vErrors !== null){
if(_errs221){
vErrors.length = _errs221;
}
else {
vErrors = null;
}
}
}
}
if(data97.hidden_size !== undefined){
let data99 = data97.hidden_size;
if(!((typeof data99 == "number") && (!(data99 % 1) && !isNaN(data99)))){
const err134 = {instancePath:instancePath+"/act_head/hidden_size",schemaPath:"#/definitions/actHead/properties/hidden_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
if(typeof data99 == "number"){
if(data99 < 1 || isNaN(data99)){
const err135 = {instancePath:instancePath+"/act_head/hidden_size",schemaPath:"#/definitions/actHead/properties/hidden_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
}
if(data97.num_layers !== undefined){
let data100 = data97.num_layers;
if(!((typeof data100 == "number") && (!(data100 % 1) && !isNaN(data100)))){
const err136 = {instancePath:instancePath+"/act_head/num_layers",schemaPath:"#/definitions/actHead/properties/num_layers/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
if(typeof data100 == "number"){
if(data100 < 1 || isNaN(data100)){
const err137 = {instancePath:instancePath+"/act_head/num_layers",schemaPath:"#/definitions/actHead/properties/num_layers/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
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
if(data97.policy_rnn_dropout_p !== undefined){
let data101 = data97.policy_rnn_dropout_p;
if(typeof data101 == "number"){
if(data101 > 1 || isNaN(data101)){
const err138 = {instancePath:instancePath+"/act_head/policy_rnn_dropout_p",schemaPath:"#/definitions/actHead/properties/policy_rnn_dropout_p/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1"};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
if(data101 < 0 || isNaN(data101)){
const err139 = {instancePath:instancePath+"/act_head/policy_rnn_dropout_p",schemaPath:"#/definitions/actHead/properties/policy_rnn_dropout_p/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
else {
const err140 = {instancePath:instancePath+"/act_head/policy_rnn_dropout_p",schemaPath:"#/definitions/actHead/properties/policy_rnn_dropout_p/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
if(data97.action_dim !== undefined){
let data102 = data97.action_dim;
if(!((typeof data102 == "number") && (!(data102 % 1) && !isNaN(data102)))){
const err141 = {instancePath:instancePath+"/act_head/action_dim",schemaPath:"#/definitions/actHead/properties/action_dim/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
if(typeof data102 == "number"){
if(data102 < 2 || isNaN(data102)){
const err142 = {instancePath:instancePath+"/act_head/action_dim",schemaPath:"#/definitions/actHead/properties/action_dim/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2"};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
}
if(data97.down_sample !== undefined){
let data103 = data97.down_sample;
if(!(((data103 === "pooling") || (data103 === "none")) || (data103 === "resampler"))){
const err143 = {instancePath:instancePath+"/act_head/down_sample",schemaPath:"#/definitions/actHead/properties/down_sample/enum",keyword:"enum",params:{allowedValues: schema13.properties.down_sample.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
if(data97.latent !== undefined){
let data104 = data97.latent;
if(!((typeof data104 == "number") && (!(data104 % 1) && !isNaN(data104)))){
const err144 = {instancePath:instancePath+"/act_head/latent",schemaPath:"#/definitions/actHead/properties/latent/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
if(typeof data104 == "number"){
if(data104 < 1 || isNaN(data104)){
const err145 = {instancePath:instancePath+"/act_head/latent",schemaPath:"#/definitions/actHead/properties/latent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
}
if(data97.fwd_pred_next_n !== undefined){
let data105 = data97.fwd_pred_next_n;
if(!((typeof data105 == "number") && (!(data105 % 1) && !isNaN(data105)))){
const err146 = {instancePath:instancePath+"/act_head/fwd_pred_next_n",schemaPath:"#/definitions/actHead/properties/fwd_pred_next_n/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
if(data97.window_size !== undefined){
let data106 = data97.window_size;
if(!((typeof data106 == "number") && (!(data106 % 1) && !isNaN(data106)))){
const err147 = {instancePath:instancePath+"/act_head/window_size",schemaPath:"#/definitions/actHead/properties/window_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
if(data97.action_space !== undefined){
let data107 = data97.action_space;
if(!(((data107 === "continuous") || (data107 === "down_sample")) || (data107 === "discrete"))){
const err148 = {instancePath:instancePath+"/act_head/action_space",schemaPath:"#/definitions/actHead/properties/action_space/enum",keyword:"enum",params:{allowedValues: schema13.properties.action_space.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
if(data97.token_source !== undefined){
let data108 = data97.token_source;
if(!(((data108 === "all") || (data108 === "text")) || (data108 === "vision"))){
const err149 = {instancePath:instancePath+"/act_head/token_source",schemaPath:"#/definitions/actHead/properties/token_source/enum",keyword:"enum",params:{allowedValues: schema13.properties.token_source.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
}
if(data97.with_history !== undefined){
if(typeof data97.with_history !== "boolean"){
const err150 = {instancePath:instancePath+"/act_head/with_history",schemaPath:"#/definitions/actHead/properties/with_history/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
if(data97.history_type !== undefined){
let data110 = data97.history_type;
if(!(((data110 === "post") || (data110 === "pre")) || (data110 === "video"))){
const err151 = {instancePath:instancePath+"/act_head/history_type",schemaPath:"#/definitions/actHead/properties/history_type/enum",keyword:"enum",params:{allowedValues: schema13.properties.history_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
if(data97.n_bin !== undefined){
let data111 = data97.n_bin;
if(!((typeof data111 == "number") && (!(data111 % 1) && !isNaN(data111)))){
const err152 = {instancePath:instancePath+"/act_head/n_bin",schemaPath:"#/definitions/actHead/properties/n_bin/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
if(typeof data111 == "number"){
if(data111 < 2 || isNaN(data111)){
const err153 = {instancePath:instancePath+"/act_head/n_bin",schemaPath:"#/definitions/actHead/properties/n_bin/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2"};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
}
if(data97.min_action !== undefined){
if(!(typeof data97.min_action == "number")){
const err154 = {instancePath:instancePath+"/act_head/min_action",schemaPath:"#/definitions/actHead/properties/min_action/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
}
if(data97.max_action !== undefined){
if(!(typeof data97.max_action == "number")){
const err155 = {instancePath:instancePath+"/act_head/max_action",schemaPath:"#/definitions/actHead/properties/max_action/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
if(data97.fill_zero !== undefined){
if(typeof data97.fill_zero !== "boolean"){
const err156 = {instancePath:instancePath+"/act_head/fill_zero",schemaPath:"#/definitions/actHead/properties/fill_zero/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
}
}
if(data.fwd_head !== undefined){
let data115 = data.fwd_head;
if((data115 !== null) && (!(data115 && typeof data115 == "object" && !Array.isArray(data115)))){
const err157 = {instancePath:instancePath+"/fwd_head",schemaPath:"#/properties/fwd_head/type",keyword:"type",params:{type: schema11.properties.fwd_head.type},message:"must be null,object"};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
if(data.tokenizer !== undefined){
let data116 = data.tokenizer;
if(data116 && typeof data116 == "object" && !Array.isArray(data116)){
if(data116.type !== undefined){
if(typeof data116.type !== "string"){
const err158 = {instancePath:instancePath+"/tokenizer/type",schemaPath:"#/definitions/tokenizer/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(data116.pretrained_model_name_or_path !== undefined){
if(typeof data116.pretrained_model_name_or_path !== "string"){
const err159 = {instancePath:instancePath+"/tokenizer/pretrained_model_name_or_path",schemaPath:"#/definitions/tokenizer/properties/pretrained_model_name_or_path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
}
if(data116.tokenizer_type !== undefined){
if(typeof data116.tokenizer_type !== "string"){
const err160 = {instancePath:instancePath+"/tokenizer/tokenizer_type",schemaPath:"#/definitions/tokenizer/properties/tokenizer_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
if(data116.max_text_len !== undefined){
let data120 = data116.max_text_len;
if(!((typeof data120 == "number") && (!(data120 % 1) && !isNaN(data120)))){
const err161 = {instancePath:instancePath+"/tokenizer/max_text_len",schemaPath:"#/definitions/tokenizer/properties/max_text_len/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
if(typeof data120 == "number"){
if(data120 < 1 || isNaN(data120)){
const err162 = {instancePath:instancePath+"/tokenizer/max_text_len",schemaPath:"#/definitions/tokenizer/properties/max_text_len/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
}
if(data116.additional_special_tokens !== undefined){
let data121 = data116.additional_special_tokens;
if((!(Array.isArray(data121))) && (data121 !== null)){
const err163 = {instancePath:instancePath+"/tokenizer/additional_special_tokens",schemaPath:"#/definitions/tokenizer/properties/additional_special_tokens/type",keyword:"type",params:{type: schema14.properties.additional_special_tokens.type},message:"must be array,null"};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
if(Array.isArray(data121)){
const len5 = data121.length;
for(let i5=0; i5<len5; i5++){
if(typeof data121[i5] !== "string"){
const err164 = {instancePath:instancePath+"/tokenizer/additional_special_tokens/" + i5,schemaPath:"#/definitions/tokenizer/properties/additional_special_tokens/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
}
}
}
}
else {
const err165 = {instancePath:instancePath+"/tokenizer",schemaPath:"#/definitions/tokenizer/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
}
if(data.vlm !== undefined){
let data123 = data.vlm;
if(data123 && typeof data123 == "object" && !Array.isArray(data123)){
if(data123.type !== undefined){
let data124 = data123.type;
const _errs276 = errors;
let valid29 = false;
const _errs277 = errors;
if(!(((((data124 === "AutoModelForVision2Seq") || (data124 === "Kosmos2ForConditionalGeneration")) || (data124 === "PaliGemmaForConditionalGeneration")) || (data124 === "AutoModel")) || (data124 === "AutoModelForCausalLM"))){
const err166 = {instancePath:instancePath+"/vlm/type",schemaPath:"#/definitions/vlm/properties/type/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema15.properties.type.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
var _valid6 = _errs277 === errors;
valid29 = valid29 || _valid6;
if(!valid29){
const _errs278 = errors;
if(typeof data124 !== "string"){
const err167 = {instancePath:instancePath+"/vlm/type",schemaPath:"#/definitions/vlm/properties/type/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
var _valid6 = _errs278 === errors;
valid29 = valid29 || _valid6;
}
if(!valid29){
const err168 = {instancePath:instancePath+"/vlm/type",schemaPath:"#/definitions/vlm/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
else {
errors = _errs276;
if(vErrors !== null){
if(_errs276){
vErrors.length = _errs276;
}
else {
vErrors = null;
}
}
}
}
if(data123.name !== undefined){
if(typeof data123.name !== "string"){
const err169 = {instancePath:instancePath+"/vlm/name",schemaPath:"#/definitions/vlm/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
}
if(data123.pretrained_model_name_or_path !== undefined){
if(typeof data123.pretrained_model_name_or_path !== "string"){
const err170 = {instancePath:instancePath+"/vlm/pretrained_model_name_or_path",schemaPath:"#/definitions/vlm/properties/pretrained_model_name_or_path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
}
if(data123.residual !== undefined){
if(typeof data123.residual !== "boolean"){
const err171 = {instancePath:instancePath+"/vlm/residual",schemaPath:"#/definitions/vlm/properties/residual/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
}
else {
const err172 = {instancePath:instancePath+"/vlm",schemaPath:"#/definitions/vlm/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
}
if(data.trainer !== undefined){
let data128 = data.trainer;
if(data128 && typeof data128 == "object" && !Array.isArray(data128)){
if(data128.accelerator !== undefined){
if(typeof data128.accelerator !== "string"){
const err173 = {instancePath:instancePath+"/trainer/accelerator",schemaPath:"#/definitions/trainer/properties/accelerator/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
}
if(data128.strategy !== undefined){
let data130 = data128.strategy;
const _errs293 = errors;
let valid32 = false;
const _errs294 = errors;
if(!((((((data130 === "ddp") || (data130 === "deepspeed_stage_2")) || (data130 === "deepspeed_stage_3")) || (data130 === "deepspeed_stage_2_offload")) || (data130 === "deepspeed_stage_3_offload")) || (data130 === "fsdp"))){
const err174 = {instancePath:instancePath+"/trainer/strategy",schemaPath:"#/definitions/trainer/properties/strategy/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema16.properties.strategy.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
var _valid7 = _errs294 === errors;
valid32 = valid32 || _valid7;
if(!valid32){
const _errs295 = errors;
if(typeof data130 !== "string"){
const err175 = {instancePath:instancePath+"/trainer/strategy",schemaPath:"#/definitions/trainer/properties/strategy/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
var _valid7 = _errs295 === errors;
valid32 = valid32 || _valid7;
}
if(!valid32){
const err176 = {instancePath:instancePath+"/trainer/strategy",schemaPath:"#/definitions/trainer/properties/strategy/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
else {
errors = _errs293;
if(vErrors !== null){
if(_errs293){
vErrors.length = _errs293;
}
else {
vErrors = null;
}
}
}
}
if(data128.precision !== undefined){
let data131 = data128.precision;
const _errs298 = errors;
let valid33 = false;
const _errs299 = errors;
if(!((((((data131 === "bf16") || (data131 === "16")) || (data131 === "16-mixed")) || (data131 === "bf16-mixed")) || (data131 === "32")) || (data131 === "32-true"))){
const err177 = {instancePath:instancePath+"/trainer/precision",schemaPath:"#/definitions/trainer/properties/precision/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema16.properties.precision.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
var _valid8 = _errs299 === errors;
valid33 = valid33 || _valid8;
if(!valid33){
const _errs300 = errors;
if(typeof data131 !== "string"){
const err178 = {instancePath:instancePath+"/trainer/precision",schemaPath:"#/definitions/trainer/properties/precision/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
var _valid8 = _errs300 === errors;
valid33 = valid33 || _valid8;
if(!valid33){
const _errs302 = errors;
if(!((typeof data131 == "number") && (!(data131 % 1) && !isNaN(data131)))){
const err179 = {instancePath:instancePath+"/trainer/precision",schemaPath:"#/definitions/trainer/properties/precision/anyOf/2/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
var _valid8 = _errs302 === errors;
valid33 = valid33 || _valid8;
}
}
if(!valid33){
const err180 = {instancePath:instancePath+"/trainer/precision",schemaPath:"#/definitions/trainer/properties/precision/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
else {
errors = _errs298;
if(vErrors !== null){
if(_errs298){
vErrors.length = _errs298;
}
else {
vErrors = null;
}
}
}
}
if(data128.logger !== undefined){
let data132 = data128.logger;
if(Array.isArray(data132)){
const len6 = data132.length;
for(let i6=0; i6<len6; i6++){
let data133 = data132[i6];
const _errs307 = errors;
let valid36 = false;
const _errs308 = errors;
if(!((data133 === "tensorboard") || (data133 === "csv"))){
const err181 = {instancePath:instancePath+"/trainer/logger/" + i6,schemaPath:"#/definitions/trainer/properties/logger/items/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema16.properties.logger.items.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
var _valid9 = _errs308 === errors;
valid36 = valid36 || _valid9;
if(!valid36){
const _errs309 = errors;
if(typeof data133 !== "string"){
const err182 = {instancePath:instancePath+"/trainer/logger/" + i6,schemaPath:"#/definitions/trainer/properties/logger/items/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
var _valid9 = _errs309 === errors;
valid36 = valid36 || _valid9;
}
if(!valid36){
const err183 = {instancePath:instancePath+"/trainer/logger/" + i6,schemaPath:"#/definitions/trainer/properties/logger/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
else {
errors = _errs307;
if(vErrors !== null){
if(_errs307){
vErrors.length = _errs307;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err184 = {instancePath:instancePath+"/trainer/logger",schemaPath:"#/definitions/trainer/properties/logger/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
}
if(data128.gradient_clip_val !== undefined){
let data134 = data128.gradient_clip_val;
if((!(typeof data134 == "number")) && (data134 !== null)){
const err185 = {instancePath:instancePath+"/trainer/gradient_clip_val",schemaPath:"#/definitions/trainer/properties/gradient_clip_val/type",keyword:"type",params:{type: schema16.properties.gradient_clip_val.type},message:"must be number,null"};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
}
if(data128.use_distributed_sampler !== undefined){
if(typeof data128.use_distributed_sampler !== "boolean"){
const err186 = {instancePath:instancePath+"/trainer/use_distributed_sampler",schemaPath:"#/definitions/trainer/properties/use_distributed_sampler/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
}
if(data128.log_every_n_steps !== undefined){
let data136 = data128.log_every_n_steps;
if(!((typeof data136 == "number") && (!(data136 % 1) && !isNaN(data136)))){
const err187 = {instancePath:instancePath+"/trainer/log_every_n_steps",schemaPath:"#/definitions/trainer/properties/log_every_n_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
if(typeof data136 == "number"){
if(data136 < 1 || isNaN(data136)){
const err188 = {instancePath:instancePath+"/trainer/log_every_n_steps",schemaPath:"#/definitions/trainer/properties/log_every_n_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
}
}
if(data128.max_epochs !== undefined){
let data137 = data128.max_epochs;
if(!((typeof data137 == "number") && (!(data137 % 1) && !isNaN(data137)))){
const err189 = {instancePath:instancePath+"/trainer/max_epochs",schemaPath:"#/definitions/trainer/properties/max_epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
if(typeof data137 == "number"){
if(data137 < 1 || isNaN(data137)){
const err190 = {instancePath:instancePath+"/trainer/max_epochs",schemaPath:"#/definitions/trainer/properties/max_epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
}
}
if(data128.max_steps !== undefined){
let data138 = data128.max_steps;
if(!((typeof data138 == "number") && (!(data138 % 1) && !isNaN(data138)))){
const err191 = {instancePath:instancePath+"/trainer/max_steps",schemaPath:"#/definitions/trainer/properties/max_steps/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
if(typeof data138 == "number"){
if(data138 < -1 || isNaN(data138)){
const err192 = {instancePath:instancePath+"/trainer/max_steps",schemaPath:"#/definitions/trainer/properties/max_steps/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
}
if(data128.val_check_interval !== undefined){
let data139 = data128.val_check_interval;
if((!(typeof data139 == "number")) && (data139 !== null)){
const err193 = {instancePath:instancePath+"/trainer/val_check_interval",schemaPath:"#/definitions/trainer/properties/val_check_interval/type",keyword:"type",params:{type: schema16.properties.val_check_interval.type},message:"must be number,null"};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
}
if(data128.check_val_every_n_epoch !== undefined){
let data140 = data128.check_val_every_n_epoch;
if((!((typeof data140 == "number") && (!(data140 % 1) && !isNaN(data140)))) && (data140 !== null)){
const err194 = {instancePath:instancePath+"/trainer/check_val_every_n_epoch",schemaPath:"#/definitions/trainer/properties/check_val_every_n_epoch/type",keyword:"type",params:{type: schema16.properties.check_val_every_n_epoch.type},message:"must be integer,null"};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
}
if(data128.accumulate_grad_batches !== undefined){
let data141 = data128.accumulate_grad_batches;
if(!((typeof data141 == "number") && (!(data141 % 1) && !isNaN(data141)))){
const err195 = {instancePath:instancePath+"/trainer/accumulate_grad_batches",schemaPath:"#/definitions/trainer/properties/accumulate_grad_batches/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
if(typeof data141 == "number"){
if(data141 < 1 || isNaN(data141)){
const err196 = {instancePath:instancePath+"/trainer/accumulate_grad_batches",schemaPath:"#/definitions/trainer/properties/accumulate_grad_batches/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
}
if(data128.limit_val_batches !== undefined){
let data142 = data128.limit_val_batches;
if((!(typeof data142 == "number")) && (data142 !== null)){
const err197 = {instancePath:instancePath+"/trainer/limit_val_batches",schemaPath:"#/definitions/trainer/properties/limit_val_batches/type",keyword:"type",params:{type: schema16.properties.limit_val_batches.type},message:"must be number,null"};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
}
else {
const err198 = {instancePath:instancePath+"/trainer",schemaPath:"#/definitions/trainer/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
}
if(data.train_dataset !== undefined){
let data143 = data.train_dataset;
const _errs330 = errors;
let valid37 = false;
const _errs331 = errors;
if(data143 && typeof data143 == "object" && !Array.isArray(data143)){
if(data143.type === undefined){
const err199 = {instancePath:instancePath+"/train_dataset",schemaPath:"#/definitions/dataset/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
if(data143.type !== undefined){
let data144 = data143.type;
const _errs336 = errors;
let valid40 = false;
const _errs337 = errors;
if(!((((((data144 === "DiskCalvinDataset") || (data144 === "OpenVLADataset")) || (data144 === "ImageTextDataset")) || (data144 === "VideoLLaVADataset")) || (data144 === "ConcatDataset")) || (data144 === "DummyDataset"))){
const err200 = {instancePath:instancePath+"/train_dataset/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema17.properties.type.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
var _valid11 = _errs337 === errors;
valid40 = valid40 || _valid11;
if(!valid40){
const _errs338 = errors;
if(typeof data144 !== "string"){
const err201 = {instancePath:instancePath+"/train_dataset/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
var _valid11 = _errs338 === errors;
valid40 = valid40 || _valid11;
}
if(!valid40){
const err202 = {instancePath:instancePath+"/train_dataset/type",schemaPath:"#/definitions/dataset/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err202];
}
else {
vErrors.push(err202);
}
errors++;
}
else {
errors = _errs336;
if(vErrors !== null){
if(_errs336){
vErrors.length = _errs336;
}
else {
vErrors = null;
}
}
}
}
if(data143.data_dir !== undefined){
if(typeof data143.data_dir !== "string"){
const err203 = {instancePath:instancePath+"/train_dataset/data_dir",schemaPath:"#/definitions/dataset/properties/data_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err203];
}
else {
vErrors.push(err203);
}
errors++;
}
}
if(data143.model_name !== undefined){
if(typeof data143.model_name !== "string"){
const err204 = {instancePath:instancePath+"/train_dataset/model_name",schemaPath:"#/definitions/dataset/properties/model_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err204];
}
else {
vErrors.push(err204);
}
errors++;
}
}
if(data143.tokenizer_type !== undefined){
if(typeof data143.tokenizer_type !== "string"){
const err205 = {instancePath:instancePath+"/train_dataset/tokenizer_type",schemaPath:"#/definitions/dataset/properties/tokenizer_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err205];
}
else {
vErrors.push(err205);
}
errors++;
}
}
if(data143.shift_first !== undefined){
if(typeof data143.shift_first !== "boolean"){
const err206 = {instancePath:instancePath+"/train_dataset/shift_first",schemaPath:"#/definitions/dataset/properties/shift_first/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err206];
}
else {
vErrors.push(err206);
}
errors++;
}
}
if(data143.rgb_pad !== undefined){
let data149 = data143.rgb_pad;
if(!((typeof data149 == "number") && (!(data149 % 1) && !isNaN(data149)))){
const err207 = {instancePath:instancePath+"/train_dataset/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err207];
}
else {
vErrors.push(err207);
}
errors++;
}
if(typeof data149 == "number"){
if(data149 < -1 || isNaN(data149)){
const err208 = {instancePath:instancePath+"/train_dataset/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err208];
}
else {
vErrors.push(err208);
}
errors++;
}
}
}
if(data143.gripper_pad !== undefined){
let data150 = data143.gripper_pad;
if(!((typeof data150 == "number") && (!(data150 % 1) && !isNaN(data150)))){
const err209 = {instancePath:instancePath+"/train_dataset/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err209];
}
else {
vErrors.push(err209);
}
errors++;
}
if(typeof data150 == "number"){
if(data150 < -1 || isNaN(data150)){
const err210 = {instancePath:instancePath+"/train_dataset/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err210];
}
else {
vErrors.push(err210);
}
errors++;
}
}
}
if(data143.few_shot !== undefined){
if(typeof data143.few_shot !== "boolean"){
const err211 = {instancePath:instancePath+"/train_dataset/few_shot",schemaPath:"#/definitions/dataset/properties/few_shot/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err211];
}
else {
vErrors.push(err211);
}
errors++;
}
}
if(data143.traj_cons !== undefined){
if(typeof data143.traj_cons !== "boolean"){
const err212 = {instancePath:instancePath+"/train_dataset/traj_cons",schemaPath:"#/definitions/dataset/properties/traj_cons/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err212];
}
else {
vErrors.push(err212);
}
errors++;
}
}
if(data143.data_root_dir !== undefined){
if(typeof data143.data_root_dir !== "string"){
const err213 = {instancePath:instancePath+"/train_dataset/data_root_dir",schemaPath:"#/definitions/dataset/properties/data_root_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err213];
}
else {
vErrors.push(err213);
}
errors++;
}
}
if(data143.data_mix !== undefined){
if(typeof data143.data_mix !== "string"){
const err214 = {instancePath:instancePath+"/train_dataset/data_mix",schemaPath:"#/definitions/dataset/properties/data_mix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err214];
}
else {
vErrors.push(err214);
}
errors++;
}
}
if(data143.window_sample !== undefined){
let data155 = data143.window_sample;
if(!((data155 === "sliding") || (data155 === "range"))){
const err215 = {instancePath:instancePath+"/train_dataset/window_sample",schemaPath:"#/definitions/dataset/properties/window_sample/enum",keyword:"enum",params:{allowedValues: schema17.properties.window_sample.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err215];
}
else {
vErrors.push(err215);
}
errors++;
}
}
if(data143.organize_type !== undefined){
let data156 = data143.organize_type;
if(!((data156 === "interleave") || (data156 === "segment"))){
const err216 = {instancePath:instancePath+"/train_dataset/organize_type",schemaPath:"#/definitions/dataset/properties/organize_type/enum",keyword:"enum",params:{allowedValues: schema17.properties.organize_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err216];
}
else {
vErrors.push(err216);
}
errors++;
}
}
if(data143.shuffle_buffer_size !== undefined){
let data157 = data143.shuffle_buffer_size;
if(!((typeof data157 == "number") && (!(data157 % 1) && !isNaN(data157)))){
const err217 = {instancePath:instancePath+"/train_dataset/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err217];
}
else {
vErrors.push(err217);
}
errors++;
}
if(typeof data157 == "number"){
if(data157 < 1 || isNaN(data157)){
const err218 = {instancePath:instancePath+"/train_dataset/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err218];
}
else {
vErrors.push(err218);
}
errors++;
}
}
}
if(data143.image_aug !== undefined){
if(typeof data143.image_aug !== "boolean"){
const err219 = {instancePath:instancePath+"/train_dataset/image_aug",schemaPath:"#/definitions/dataset/properties/image_aug/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err219];
}
else {
vErrors.push(err219);
}
errors++;
}
}
if(data143.mode !== undefined){
if(typeof data143.mode !== "string"){
const err220 = {instancePath:instancePath+"/train_dataset/mode",schemaPath:"#/definitions/dataset/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err220];
}
else {
vErrors.push(err220);
}
errors++;
}
}
if(data143.train !== undefined){
if(typeof data143.train !== "boolean"){
const err221 = {instancePath:instancePath+"/train_dataset/train",schemaPath:"#/definitions/dataset/properties/train/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err221];
}
else {
vErrors.push(err221);
}
errors++;
}
}
}
else {
const err222 = {instancePath:instancePath+"/train_dataset",schemaPath:"#/definitions/dataset/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err222];
}
else {
vErrors.push(err222);
}
errors++;
}
var _valid10 = _errs331 === errors;
valid37 = valid37 || _valid10;
if(!valid37){
const _errs370 = errors;
if(Array.isArray(data143)){
if(data143.length < 1){
const err223 = {instancePath:instancePath+"/train_dataset",schemaPath:"#/properties/train_dataset/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err223];
}
else {
vErrors.push(err223);
}
errors++;
}
const len7 = data143.length;
for(let i7=0; i7<len7; i7++){
let data161 = data143[i7];
if(data161 && typeof data161 == "object" && !Array.isArray(data161)){
if(data161.type === undefined){
const err224 = {instancePath:instancePath+"/train_dataset/" + i7,schemaPath:"#/definitions/dataset/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err224];
}
else {
vErrors.push(err224);
}
errors++;
}
if(data161.type !== undefined){
let data162 = data161.type;
const _errs377 = errors;
let valid45 = false;
const _errs378 = errors;
if(!((((((data162 === "DiskCalvinDataset") || (data162 === "OpenVLADataset")) || (data162 === "ImageTextDataset")) || (data162 === "VideoLLaVADataset")) || (data162 === "ConcatDataset")) || (data162 === "DummyDataset"))){
const err225 = {instancePath:instancePath+"/train_dataset/" + i7+"/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema17.properties.type.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err225];
}
else {
vErrors.push(err225);
}
errors++;
}
var _valid12 = _errs378 === errors;
valid45 = valid45 || _valid12;
if(!valid45){
const _errs379 = errors;
if(typeof data162 !== "string"){
const err226 = {instancePath:instancePath+"/train_dataset/" + i7+"/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err226];
}
else {
vErrors.push(err226);
}
errors++;
}
var _valid12 = _errs379 === errors;
valid45 = valid45 || _valid12;
}
if(!valid45){
const err227 = {instancePath:instancePath+"/train_dataset/" + i7+"/type",schemaPath:"#/definitions/dataset/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err227];
}
else {
vErrors.push(err227);
}
errors++;
}
else {
errors = _errs377;
if(vErrors !== null){
if(_errs377){
vErrors.length = _errs377;
}
else {
vErrors = null;
}
}
}
}
if(data161.data_dir !== undefined){
if(typeof data161.data_dir !== "string"){
const err228 = {instancePath:instancePath+"/train_dataset/" + i7+"/data_dir",schemaPath:"#/definitions/dataset/properties/data_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err228];
}
else {
vErrors.push(err228);
}
errors++;
}
}
if(data161.model_name !== undefined){
if(typeof data161.model_name !== "string"){
const err229 = {instancePath:instancePath+"/train_dataset/" + i7+"/model_name",schemaPath:"#/definitions/dataset/properties/model_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err229];
}
else {
vErrors.push(err229);
}
errors++;
}
}
if(data161.tokenizer_type !== undefined){
if(typeof data161.tokenizer_type !== "string"){
const err230 = {instancePath:instancePath+"/train_dataset/" + i7+"/tokenizer_type",schemaPath:"#/definitions/dataset/properties/tokenizer_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err230];
}
else {
vErrors.push(err230);
}
errors++;
}
}
if(data161.shift_first !== undefined){
if(typeof data161.shift_first !== "boolean"){
const err231 = {instancePath:instancePath+"/train_dataset/" + i7+"/shift_first",schemaPath:"#/definitions/dataset/properties/shift_first/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err231];
}
else {
vErrors.push(err231);
}
errors++;
}
}
if(data161.rgb_pad !== undefined){
let data167 = data161.rgb_pad;
if(!((typeof data167 == "number") && (!(data167 % 1) && !isNaN(data167)))){
const err232 = {instancePath:instancePath+"/train_dataset/" + i7+"/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err232];
}
else {
vErrors.push(err232);
}
errors++;
}
if(typeof data167 == "number"){
if(data167 < -1 || isNaN(data167)){
const err233 = {instancePath:instancePath+"/train_dataset/" + i7+"/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err233];
}
else {
vErrors.push(err233);
}
errors++;
}
}
}
if(data161.gripper_pad !== undefined){
let data168 = data161.gripper_pad;
if(!((typeof data168 == "number") && (!(data168 % 1) && !isNaN(data168)))){
const err234 = {instancePath:instancePath+"/train_dataset/" + i7+"/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err234];
}
else {
vErrors.push(err234);
}
errors++;
}
if(typeof data168 == "number"){
if(data168 < -1 || isNaN(data168)){
const err235 = {instancePath:instancePath+"/train_dataset/" + i7+"/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err235];
}
else {
vErrors.push(err235);
}
errors++;
}
}
}
if(data161.few_shot !== undefined){
if(typeof data161.few_shot !== "boolean"){
const err236 = {instancePath:instancePath+"/train_dataset/" + i7+"/few_shot",schemaPath:"#/definitions/dataset/properties/few_shot/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err236];
}
else {
vErrors.push(err236);
}
errors++;
}
}
if(data161.traj_cons !== undefined){
if(typeof data161.traj_cons !== "boolean"){
const err237 = {instancePath:instancePath+"/train_dataset/" + i7+"/traj_cons",schemaPath:"#/definitions/dataset/properties/traj_cons/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err237];
}
else {
vErrors.push(err237);
}
errors++;
}
}
if(data161.data_root_dir !== undefined){
if(typeof data161.data_root_dir !== "string"){
const err238 = {instancePath:instancePath+"/train_dataset/" + i7+"/data_root_dir",schemaPath:"#/definitions/dataset/properties/data_root_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err238];
}
else {
vErrors.push(err238);
}
errors++;
}
}
if(data161.data_mix !== undefined){
if(typeof data161.data_mix !== "string"){
const err239 = {instancePath:instancePath+"/train_dataset/" + i7+"/data_mix",schemaPath:"#/definitions/dataset/properties/data_mix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err239];
}
else {
vErrors.push(err239);
}
errors++;
}
}
if(data161.window_sample !== undefined){
let data173 = data161.window_sample;
if(!((data173 === "sliding") || (data173 === "range"))){
const err240 = {instancePath:instancePath+"/train_dataset/" + i7+"/window_sample",schemaPath:"#/definitions/dataset/properties/window_sample/enum",keyword:"enum",params:{allowedValues: schema17.properties.window_sample.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err240];
}
else {
vErrors.push(err240);
}
errors++;
}
}
if(data161.organize_type !== undefined){
let data174 = data161.organize_type;
if(!((data174 === "interleave") || (data174 === "segment"))){
const err241 = {instancePath:instancePath+"/train_dataset/" + i7+"/organize_type",schemaPath:"#/definitions/dataset/properties/organize_type/enum",keyword:"enum",params:{allowedValues: schema17.properties.organize_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err241];
}
else {
vErrors.push(err241);
}
errors++;
}
}
if(data161.shuffle_buffer_size !== undefined){
let data175 = data161.shuffle_buffer_size;
if(!((typeof data175 == "number") && (!(data175 % 1) && !isNaN(data175)))){
const err242 = {instancePath:instancePath+"/train_dataset/" + i7+"/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err242];
}
else {
vErrors.push(err242);
}
errors++;
}
if(typeof data175 == "number"){
if(data175 < 1 || isNaN(data175)){
const err243 = {instancePath:instancePath+"/train_dataset/" + i7+"/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err243];
}
else {
vErrors.push(err243);
}
errors++;
}
}
}
if(data161.image_aug !== undefined){
if(typeof data161.image_aug !== "boolean"){
const err244 = {instancePath:instancePath+"/train_dataset/" + i7+"/image_aug",schemaPath:"#/definitions/dataset/properties/image_aug/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err244];
}
else {
vErrors.push(err244);
}
errors++;
}
}
if(data161.mode !== undefined){
if(typeof data161.mode !== "string"){
const err245 = {instancePath:instancePath+"/train_dataset/" + i7+"/mode",schemaPath:"#/definitions/dataset/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err245];
}
else {
vErrors.push(err245);
}
errors++;
}
}
if(data161.train !== undefined){
if(typeof data161.train !== "boolean"){
const err246 = {instancePath:instancePath+"/train_dataset/" + i7+"/train",schemaPath:"#/definitions/dataset/properties/train/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err246];
}
else {
vErrors.push(err246);
}
errors++;
}
}
}
else {
const err247 = {instancePath:instancePath+"/train_dataset/" + i7,schemaPath:"#/definitions/dataset/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err247];
}
else {
vErrors.push(err247);
}
errors++;
}
}
}
else {
const err248 = {instancePath:instancePath+"/train_dataset",schemaPath:"#/properties/train_dataset/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err248];
}
else {
vErrors.push(err248);
}
errors++;
}
var _valid10 = _errs370 === errors;
valid37 = valid37 || _valid10;
}
if(!valid37){
const err249 = {instancePath:instancePath+"/train_dataset",schemaPath:"#/properties/train_dataset/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err249];
}
else {
vErrors.push(err249);
}
errors++;
}
else {
errors = _errs330;
if(vErrors !== null){
if(_errs330){
vErrors.length = _errs330;
}
else {
vErrors = null;
}
}
}
}
if(data.val_dataset !== undefined){
let data179 = data.val_dataset;
const _errs412 = errors;
let valid46 = false;
const _errs413 = errors;
if(data179 && typeof data179 == "object" && !Array.isArray(data179)){
if(data179.type === undefined){
const err250 = {instancePath:instancePath+"/val_dataset",schemaPath:"#/definitions/dataset/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err250];
}
else {
vErrors.push(err250);
}
errors++;
}
if(data179.type !== undefined){
let data180 = data179.type;
const _errs418 = errors;
let valid49 = false;
const _errs419 = errors;
if(!((((((data180 === "DiskCalvinDataset") || (data180 === "OpenVLADataset")) || (data180 === "ImageTextDataset")) || (data180 === "VideoLLaVADataset")) || (data180 === "ConcatDataset")) || (data180 === "DummyDataset"))){
const err251 = {instancePath:instancePath+"/val_dataset/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema17.properties.type.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err251];
}
else {
vErrors.push(err251);
}
errors++;
}
var _valid14 = _errs419 === errors;
valid49 = valid49 || _valid14;
if(!valid49){
const _errs420 = errors;
if(typeof data180 !== "string"){
const err252 = {instancePath:instancePath+"/val_dataset/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err252];
}
else {
vErrors.push(err252);
}
errors++;
}
var _valid14 = _errs420 === errors;
valid49 = valid49 || _valid14;
}
if(!valid49){
const err253 = {instancePath:instancePath+"/val_dataset/type",schemaPath:"#/definitions/dataset/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err253];
}
else {
vErrors.push(err253);
}
errors++;
}
else {
errors = _errs418;
if(vErrors !== null){
if(_errs418){
vErrors.length = _errs418;
}
else {
vErrors = null;
}
}
}
}
if(data179.data_dir !== undefined){
if(typeof data179.data_dir !== "string"){
const err254 = {instancePath:instancePath+"/val_dataset/data_dir",schemaPath:"#/definitions/dataset/properties/data_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err254];
}
else {
vErrors.push(err254);
}
errors++;
}
}
if(data179.model_name !== undefined){
if(typeof data179.model_name !== "string"){
const err255 = {instancePath:instancePath+"/val_dataset/model_name",schemaPath:"#/definitions/dataset/properties/model_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err255];
}
else {
vErrors.push(err255);
}
errors++;
}
}
if(data179.tokenizer_type !== undefined){
if(typeof data179.tokenizer_type !== "string"){
const err256 = {instancePath:instancePath+"/val_dataset/tokenizer_type",schemaPath:"#/definitions/dataset/properties/tokenizer_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err256];
}
else {
vErrors.push(err256);
}
errors++;
}
}
if(data179.shift_first !== undefined){
if(typeof data179.shift_first !== "boolean"){
const err257 = {instancePath:instancePath+"/val_dataset/shift_first",schemaPath:"#/definitions/dataset/properties/shift_first/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err257];
}
else {
vErrors.push(err257);
}
errors++;
}
}
if(data179.rgb_pad !== undefined){
let data185 = data179.rgb_pad;
if(!((typeof data185 == "number") && (!(data185 % 1) && !isNaN(data185)))){
const err258 = {instancePath:instancePath+"/val_dataset/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err258];
}
else {
vErrors.push(err258);
}
errors++;
}
if(typeof data185 == "number"){
if(data185 < -1 || isNaN(data185)){
const err259 = {instancePath:instancePath+"/val_dataset/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err259];
}
else {
vErrors.push(err259);
}
errors++;
}
}
}
if(data179.gripper_pad !== undefined){
let data186 = data179.gripper_pad;
if(!((typeof data186 == "number") && (!(data186 % 1) && !isNaN(data186)))){
const err260 = {instancePath:instancePath+"/val_dataset/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err260];
}
else {
vErrors.push(err260);
}
errors++;
}
if(typeof data186 == "number"){
if(data186 < -1 || isNaN(data186)){
const err261 = {instancePath:instancePath+"/val_dataset/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err261];
}
else {
vErrors.push(err261);
}
errors++;
}
}
}
if(data179.few_shot !== undefined){
if(typeof data179.few_shot !== "boolean"){
const err262 = {instancePath:instancePath+"/val_dataset/few_shot",schemaPath:"#/definitions/dataset/properties/few_shot/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err262];
}
else {
vErrors.push(err262);
}
errors++;
}
}
if(data179.traj_cons !== undefined){
if(typeof data179.traj_cons !== "boolean"){
const err263 = {instancePath:instancePath+"/val_dataset/traj_cons",schemaPath:"#/definitions/dataset/properties/traj_cons/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err263];
}
else {
vErrors.push(err263);
}
errors++;
}
}
if(data179.data_root_dir !== undefined){
if(typeof data179.data_root_dir !== "string"){
const err264 = {instancePath:instancePath+"/val_dataset/data_root_dir",schemaPath:"#/definitions/dataset/properties/data_root_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err264];
}
else {
vErrors.push(err264);
}
errors++;
}
}
if(data179.data_mix !== undefined){
if(typeof data179.data_mix !== "string"){
const err265 = {instancePath:instancePath+"/val_dataset/data_mix",schemaPath:"#/definitions/dataset/properties/data_mix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err265];
}
else {
vErrors.push(err265);
}
errors++;
}
}
if(data179.window_sample !== undefined){
let data191 = data179.window_sample;
if(!((data191 === "sliding") || (data191 === "range"))){
const err266 = {instancePath:instancePath+"/val_dataset/window_sample",schemaPath:"#/definitions/dataset/properties/window_sample/enum",keyword:"enum",params:{allowedValues: schema17.properties.window_sample.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err266];
}
else {
vErrors.push(err266);
}
errors++;
}
}
if(data179.organize_type !== undefined){
let data192 = data179.organize_type;
if(!((data192 === "interleave") || (data192 === "segment"))){
const err267 = {instancePath:instancePath+"/val_dataset/organize_type",schemaPath:"#/definitions/dataset/properties/organize_type/enum",keyword:"enum",params:{allowedValues: schema17.properties.organize_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err267];
}
else {
vErrors.push(err267);
}
errors++;
}
}
if(data179.shuffle_buffer_size !== undefined){
let data193 = data179.shuffle_buffer_size;
if(!((typeof data193 == "number") && (!(data193 % 1) && !isNaN(data193)))){
const err268 = {instancePath:instancePath+"/val_dataset/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err268];
}
else {
vErrors.push(err268);
}
errors++;
}
if(typeof data193 == "number"){
if(data193 < 1 || isNaN(data193)){
const err269 = {instancePath:instancePath+"/val_dataset/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err269];
}
else {
vErrors.push(err269);
}
errors++;
}
}
}
if(data179.image_aug !== undefined){
if(typeof data179.image_aug !== "boolean"){
const err270 = {instancePath:instancePath+"/val_dataset/image_aug",schemaPath:"#/definitions/dataset/properties/image_aug/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err270];
}
else {
vErrors.push(err270);
}
errors++;
}
}
if(data179.mode !== undefined){
if(typeof data179.mode !== "string"){
const err271 = {instancePath:instancePath+"/val_dataset/mode",schemaPath:"#/definitions/dataset/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err271];
}
else {
vErrors.push(err271);
}
errors++;
}
}
if(data179.train !== undefined){
if(typeof data179.train !== "boolean"){
const err272 = {instancePath:instancePath+"/val_dataset/train",schemaPath:"#/definitions/dataset/properties/train/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err272];
}
else {
vErrors.push(err272);
}
errors++;
}
}
}
else {
const err273 = {instancePath:instancePath+"/val_dataset",schemaPath:"#/definitions/dataset/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err273];
}
else {
vErrors.push(err273);
}
errors++;
}
var _valid13 = _errs413 === errors;
valid46 = valid46 || _valid13;
if(!valid46){
const _errs452 = errors;
if(Array.isArray(data179)){
if(data179.length < 1){
const err274 = {instancePath:instancePath+"/val_dataset",schemaPath:"#/properties/val_dataset/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err274];
}
else {
vErrors.push(err274);
}
errors++;
}
const len8 = data179.length;
for(let i8=0; i8<len8; i8++){
let data197 = data179[i8];
if(data197 && typeof data197 == "object" && !Array.isArray(data197)){
if(data197.type === undefined){
const err275 = {instancePath:instancePath+"/val_dataset/" + i8,schemaPath:"#/definitions/dataset/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err275];
}
else {
vErrors.push(err275);
}
errors++;
}
if(data197.type !== undefined){
let data198 = data197.type;
const _errs459 = errors;
let valid54 = false;
const _errs460 = errors;
if(!((((((data198 === "DiskCalvinDataset") || (data198 === "OpenVLADataset")) || (data198 === "ImageTextDataset")) || (data198 === "VideoLLaVADataset")) || (data198 === "ConcatDataset")) || (data198 === "DummyDataset"))){
const err276 = {instancePath:instancePath+"/val_dataset/" + i8+"/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema17.properties.type.anyOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err276];
}
else {
vErrors.push(err276);
}
errors++;
}
var _valid15 = _errs460 === errors;
valid54 = valid54 || _valid15;
if(!valid54){
const _errs461 = errors;
if(typeof data198 !== "string"){
const err277 = {instancePath:instancePath+"/val_dataset/" + i8+"/type",schemaPath:"#/definitions/dataset/properties/type/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err277];
}
else {
vErrors.push(err277);
}
errors++;
}
var _valid15 = _errs461 === errors;
valid54 = valid54 || _valid15;
}
if(!valid54){
const err278 = {instancePath:instancePath+"/val_dataset/" + i8+"/type",schemaPath:"#/definitions/dataset/properties/type/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err278];
}
else {
vErrors.push(err278);
}
errors++;
}
else {
errors = _errs459;
if(vErrors !== null){
if(_errs459){
vErrors.length = _errs459;
}
else {
vErrors = null;
}
}
}
}
if(data197.data_dir !== undefined){
if(typeof data197.data_dir !== "string"){
const err279 = {instancePath:instancePath+"/val_dataset/" + i8+"/data_dir",schemaPath:"#/definitions/dataset/properties/data_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err279];
}
else {
vErrors.push(err279);
}
errors++;
}
}
if(data197.model_name !== undefined){
if(typeof data197.model_name !== "string"){
const err280 = {instancePath:instancePath+"/val_dataset/" + i8+"/model_name",schemaPath:"#/definitions/dataset/properties/model_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err280];
}
else {
vErrors.push(err280);
}
errors++;
}
}
if(data197.tokenizer_type !== undefined){
if(typeof data197.tokenizer_type !== "string"){
const err281 = {instancePath:instancePath+"/val_dataset/" + i8+"/tokenizer_type",schemaPath:"#/definitions/dataset/properties/tokenizer_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err281];
}
else {
vErrors.push(err281);
}
errors++;
}
}
if(data197.shift_first !== undefined){
if(typeof data197.shift_first !== "boolean"){
const err282 = {instancePath:instancePath+"/val_dataset/" + i8+"/shift_first",schemaPath:"#/definitions/dataset/properties/shift_first/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err282];
}
else {
vErrors.push(err282);
}
errors++;
}
}
if(data197.rgb_pad !== undefined){
let data203 = data197.rgb_pad;
if(!((typeof data203 == "number") && (!(data203 % 1) && !isNaN(data203)))){
const err283 = {instancePath:instancePath+"/val_dataset/" + i8+"/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err283];
}
else {
vErrors.push(err283);
}
errors++;
}
if(typeof data203 == "number"){
if(data203 < -1 || isNaN(data203)){
const err284 = {instancePath:instancePath+"/val_dataset/" + i8+"/rgb_pad",schemaPath:"#/definitions/dataset/properties/rgb_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err284];
}
else {
vErrors.push(err284);
}
errors++;
}
}
}
if(data197.gripper_pad !== undefined){
let data204 = data197.gripper_pad;
if(!((typeof data204 == "number") && (!(data204 % 1) && !isNaN(data204)))){
const err285 = {instancePath:instancePath+"/val_dataset/" + i8+"/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err285];
}
else {
vErrors.push(err285);
}
errors++;
}
if(typeof data204 == "number"){
if(data204 < -1 || isNaN(data204)){
const err286 = {instancePath:instancePath+"/val_dataset/" + i8+"/gripper_pad",schemaPath:"#/definitions/dataset/properties/gripper_pad/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1},message:"must be >= -1"};
if(vErrors === null){
vErrors = [err286];
}
else {
vErrors.push(err286);
}
errors++;
}
}
}
if(data197.few_shot !== undefined){
if(typeof data197.few_shot !== "boolean"){
const err287 = {instancePath:instancePath+"/val_dataset/" + i8+"/few_shot",schemaPath:"#/definitions/dataset/properties/few_shot/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err287];
}
else {
vErrors.push(err287);
}
errors++;
}
}
if(data197.traj_cons !== undefined){
if(typeof data197.traj_cons !== "boolean"){
const err288 = {instancePath:instancePath+"/val_dataset/" + i8+"/traj_cons",schemaPath:"#/definitions/dataset/properties/traj_cons/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err288];
}
else {
vErrors.push(err288);
}
errors++;
}
}
if(data197.data_root_dir !== undefined){
if(typeof data197.data_root_dir !== "string"){
const err289 = {instancePath:instancePath+"/val_dataset/" + i8+"/data_root_dir",schemaPath:"#/definitions/dataset/properties/data_root_dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err289];
}
else {
vErrors.push(err289);
}
errors++;
}
}
if(data197.data_mix !== undefined){
if(typeof data197.data_mix !== "string"){
const err290 = {instancePath:instancePath+"/val_dataset/" + i8+"/data_mix",schemaPath:"#/definitions/dataset/properties/data_mix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err290];
}
else {
vErrors.push(err290);
}
errors++;
}
}
if(data197.window_sample !== undefined){
let data209 = data197.window_sample;
if(!((data209 === "sliding") || (data209 === "range"))){
const err291 = {instancePath:instancePath+"/val_dataset/" + i8+"/window_sample",schemaPath:"#/definitions/dataset/properties/window_sample/enum",keyword:"enum",params:{allowedValues: schema17.properties.window_sample.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err291];
}
else {
vErrors.push(err291);
}
errors++;
}
}
if(data197.organize_type !== undefined){
let data210 = data197.organize_type;
if(!((data210 === "interleave") || (data210 === "segment"))){
const err292 = {instancePath:instancePath+"/val_dataset/" + i8+"/organize_type",schemaPath:"#/definitions/dataset/properties/organize_type/enum",keyword:"enum",params:{allowedValues: schema17.properties.organize_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err292];
}
else {
vErrors.push(err292);
}
errors++;
}
}
if(data197.shuffle_buffer_size !== undefined){
let data211 = data197.shuffle_buffer_size;
if(!((typeof data211 == "number") && (!(data211 % 1) && !isNaN(data211)))){
const err293 = {instancePath:instancePath+"/val_dataset/" + i8+"/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err293];
}
else {
vErrors.push(err293);
}
errors++;
}
if(typeof data211 == "number"){
if(data211 < 1 || isNaN(data211)){
const err294 = {instancePath:instancePath+"/val_dataset/" + i8+"/shuffle_buffer_size",schemaPath:"#/definitions/dataset/properties/shuffle_buffer_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err294];
}
else {
vErrors.push(err294);
}
errors++;
}
}
}
if(data197.image_aug !== undefined){
if(typeof data197.image_aug !== "boolean"){
const err295 = {instancePath:instancePath+"/val_dataset/" + i8+"/image_aug",schemaPath:"#/definitions/dataset/properties/image_aug/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err295];
}
else {
vErrors.push(err295);
}
errors++;
}
}
if(data197.mode !== undefined){
if(typeof data197.mode !== "string"){
const err296 = {instancePath:instancePath+"/val_dataset/" + i8+"/mode",schemaPath:"#/definitions/dataset/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err296];
}
else {
vErrors.push(err296);
}
errors++;
}
}
if(data197.train !== undefined){
if(typeof data197.train !== "boolean"){
const err297 = {instancePath:instancePath+"/val_dataset/" + i8+"/train",schemaPath:"#/definitions/dataset/properties/train/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err297];
}
else {
vErrors.push(err297);
}
errors++;
}
}
}
else {
const err298 = {instancePath:instancePath+"/val_dataset/" + i8,schemaPath:"#/definitions/dataset/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err298];
}
else {
vErrors.push(err298);
}
errors++;
}
}
}
else {
const err299 = {instancePath:instancePath+"/val_dataset",schemaPath:"#/properties/val_dataset/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err299];
}
else {
vErrors.push(err299);
}
errors++;
}
var _valid13 = _errs452 === errors;
valid46 = valid46 || _valid13;
}
if(!valid46){
const err300 = {instancePath:instancePath+"/val_dataset",schemaPath:"#/properties/val_dataset/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err300];
}
else {
vErrors.push(err300);
}
errors++;
}
else {
errors = _errs412;
if(vErrors !== null){
if(_errs412){
vErrors.length = _errs412;
}
else {
vErrors = null;
}
}
}
}
if(data.norm_action !== undefined){
if(typeof data.norm_action !== "boolean"){
const err301 = {instancePath:instancePath+"/norm_action",schemaPath:"#/properties/norm_action/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err301];
}
else {
vErrors.push(err301);
}
errors++;
}
}
if(data.norm_min !== undefined){
if(!(typeof data.norm_min == "number")){
const err302 = {instancePath:instancePath+"/norm_min",schemaPath:"#/properties/norm_min/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err302];
}
else {
vErrors.push(err302);
}
errors++;
}
}
if(data.norm_max !== undefined){
if(!(typeof data.norm_max == "number")){
const err303 = {instancePath:instancePath+"/norm_max",schemaPath:"#/properties/norm_max/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err303];
}
else {
vErrors.push(err303);
}
errors++;
}
}
if(data.regular_action !== undefined){
if(typeof data.regular_action !== "boolean"){
const err304 = {instancePath:instancePath+"/regular_action",schemaPath:"#/properties/regular_action/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err304];
}
else {
vErrors.push(err304);
}
errors++;
}
}
if(data.x_mean !== undefined){
if(!(typeof data.x_mean == "number")){
const err305 = {instancePath:instancePath+"/x_mean",schemaPath:"#/properties/x_mean/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err305];
}
else {
vErrors.push(err305);
}
errors++;
}
}
if(data.x_std !== undefined){
if(!(typeof data.x_std == "number")){
const err306 = {instancePath:instancePath+"/x_std",schemaPath:"#/properties/x_std/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err306];
}
else {
vErrors.push(err306);
}
errors++;
}
}
if(data.discrete_action_history !== undefined){
if(typeof data.discrete_action_history !== "boolean"){
const err307 = {instancePath:instancePath+"/discrete_action_history",schemaPath:"#/properties/discrete_action_history/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err307];
}
else {
vErrors.push(err307);
}
errors++;
}
}
if(data.use_clip_norm !== undefined){
if(typeof data.use_clip_norm !== "boolean"){
const err308 = {instancePath:instancePath+"/use_clip_norm",schemaPath:"#/properties/use_clip_norm/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err308];
}
else {
vErrors.push(err308);
}
errors++;
}
}
if(data.use_multi_modal_emb !== undefined){
if(typeof data.use_multi_modal_emb !== "boolean"){
const err309 = {instancePath:instancePath+"/use_multi_modal_emb",schemaPath:"#/properties/use_multi_modal_emb/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err309];
}
else {
vErrors.push(err309);
}
errors++;
}
}
if(data.finetune !== undefined){
if(typeof data.finetune !== "boolean"){
const err310 = {instancePath:instancePath+"/finetune",schemaPath:"#/properties/finetune/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err310];
}
else {
vErrors.push(err310);
}
errors++;
}
}
if(data.no_video_pretrained_model !== undefined){
if(typeof data.no_video_pretrained_model !== "boolean"){
const err311 = {instancePath:instancePath+"/no_video_pretrained_model",schemaPath:"#/properties/no_video_pretrained_model/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err311];
}
else {
vErrors.push(err311);
}
errors++;
}
}
if(data.__override__ !== undefined){
if(typeof data.__override__ !== "boolean"){
const err312 = {instancePath:instancePath+"/__override__",schemaPath:"#/properties/__override__/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err312];
}
else {
vErrors.push(err312);
}
errors++;
}
}
}
else {
const err313 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err313];
}
else {
vErrors.push(err313);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


export const validate: ValidateFunction = validate10;
